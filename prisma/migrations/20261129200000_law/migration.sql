-- Issue 10 (the law): firearm relinquishment, motions to modify or terminate, court-ordered
-- alternative service, and how sure each computed date is (its basis).

-- AlterEnum
ALTER TYPE "EventType" ADD VALUE 'FIREARMS_RELINQUISHED';
ALTER TYPE "EventType" ADD VALUE 'FIREARMS_RECEIPT_FILED';
ALTER TYPE "EventType" ADD VALUE 'MOTION_FILED';
ALTER TYPE "EventType" ADD VALUE 'MOTION_DECIDED';

-- AlterEnum
ALTER TYPE "ServiceMethod" ADD VALUE 'ALTERNATIVE';

-- AlterEnum
ALTER TYPE "DeadlineKind" ADD VALUE 'FIREARM_RELINQUISHMENT';
ALTER TYPE "DeadlineKind" ADD VALUE 'FIREARM_RECEIPT';
ALTER TYPE "DeadlineKind" ADD VALUE 'OPPOSITION_DEADLINE';

-- CreateEnum
CREATE TYPE "Motion" AS ENUM ('MODIFY', 'TERMINATE');

-- CreateEnum
CREATE TYPE "Party" AS ENUM ('PETITIONER', 'RESPONDENT');

-- CreateEnum
CREATE TYPE "DeadlineBasis" AS ENUM ('statute', 'form', 'interpretation', 'unverified');

-- AlterTable
ALTER TABLE "OrderEvent" ADD COLUMN     "motion" "Motion",
ADD COLUMN     "movedBy" "Party";

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "basis" "DeadlineBasis" NOT NULL DEFAULT 'unverified',
ADD COLUMN     "dutyOf" "Party";
