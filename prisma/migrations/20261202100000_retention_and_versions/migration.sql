-- Issue 11 (data): retention per organization, a record of each purge run, when a case was
-- closed, and versions for If-Match on every PATCH (advocates, webhook endpoints).

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "closedCaseRetentionDays" INTEGER DEFAULT 365,
ADD COLUMN "reminderRetentionDays" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN "auditRetentionDays" INTEGER DEFAULT 1095;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "closedAt" TIMESTAMPTZ(6);
-- Cases closed before this column existed count from their last change.
UPDATE "Case" SET "closedAt" = "updatedAt" WHERE "status" = 'CLOSED';

-- AlterTable
ALTER TABLE "Advocate" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(6) NOT NULL,
    "finishedAt" TIMESTAMPTZ(6),
    "casesErased" INTEGER NOT NULL DEFAULT 0,
    "remindersDeleted" INTEGER NOT NULL DEFAULT 0,
    "auditRowsDeleted" INTEGER NOT NULL DEFAULT 0,
    "idempotencyDeleted" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetentionRun_organizationId_startedAt_idx" ON "RetentionRun"("organizationId", "startedAt");

-- CreateIndex
CREATE INDEX "Case_organizationId_status_closedAt_idx" ON "Case"("organizationId", "status", "closedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_at_idx" ON "AuditEvent"("organizationId", "at");

-- CreateIndex
CREATE INDEX "Reminder_organizationId_status_updatedAt_idx" ON "Reminder"("organizationId", "status", "updatedAt");

-- AddForeignKey
ALTER TABLE "RetentionRun" ADD CONSTRAINT "RetentionRun_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
