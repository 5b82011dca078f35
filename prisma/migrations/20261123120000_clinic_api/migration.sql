-- DropIndex
DROP INDEX "OrderEvent_correctsId_key";

-- DropIndex
DROP INDEX "Case_organizationId_createdAt_id_idx";

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "basedOn" UUID[],
ADD COLUMN     "interpretation" TEXT;

-- CreateTable
CREATE TABLE "Advocate" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Advocate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseAdvocate" (
    "caseId" UUID NOT NULL,
    "advocateId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "assignedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAdvocate_pkey" PRIMARY KEY ("caseId","advocateId")
);

-- CreateTable
CREATE TABLE "DeadlineChange" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "deadlineId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "previousDate" DATE,
    "previousAt" TIMESTAMPTZ(6),
    "previousStatus" "DeadlineStatus",
    "date" DATE NOT NULL,
    "at" TIMESTAMPTZ(6),
    "status" "DeadlineStatus" NOT NULL,
    "causedByEventId" UUID,
    "cause" TEXT NOT NULL,
    "changedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeadlineChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "apiKeyId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "requestId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "responseHeaders" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("organizationId","key")
);

-- CreateIndex
CREATE INDEX "OrderEvent_correctsId_idx" ON "OrderEvent"("correctsId");

-- CreateIndex
CREATE INDEX "Case_organizationId_id_idx" ON "Case"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Advocate_organizationId_id_idx" ON "Advocate"("organizationId", "id");

-- CreateIndex
CREATE INDEX "CaseAdvocate_advocateId_idx" ON "CaseAdvocate"("advocateId");

-- CreateIndex
CREATE INDEX "DeadlineChange_deadlineId_revision_idx" ON "DeadlineChange"("deadlineId", "revision");

-- CreateIndex
CREATE INDEX "DeadlineChange_caseId_idx" ON "DeadlineChange"("caseId");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_id_idx" ON "AuditEvent"("organizationId", "id");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");

-- AddForeignKey
ALTER TABLE "Advocate" ADD CONSTRAINT "Advocate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAdvocate" ADD CONSTRAINT "CaseAdvocate_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAdvocate" ADD CONSTRAINT "CaseAdvocate_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineChange" ADD CONSTRAINT "DeadlineChange_deadlineId_fkey" FOREIGN KEY ("deadlineId") REFERENCES "Deadline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
