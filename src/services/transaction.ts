// Transactions belong to the services: an edge runs a use case in one with `inTransaction`
// (or, for writes over HTTP, through src/http/respond.ts), and every service function takes
// the `Tx` it is given. The implementation is the database's (src/db/transaction.ts).
export { inTransaction, type Tx } from '../db/transaction.js';
