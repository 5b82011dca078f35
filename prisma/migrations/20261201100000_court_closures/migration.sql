-- Court closures recorded without a release (CCP § 12b; Gov. Code § 68115), the background
-- recomputation they start (also for a release whose rules changed), and what history needs to
-- name such a cause.

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "rulesVersion" TEXT;

-- AlterTable
ALTER TABLE "DeadlineChange" ADD COLUMN "causedByClosureId" UUID,
ADD COLUMN "causedByJobId" UUID;

-- CreateEnum
CREATE TYPE "ClosureAuthority" AS ENUM ('CCP_12B', 'GOV_CODE_68115');

-- CreateEnum
CREATE TYPE "RecomputeCause" AS ENUM ('COURT_CLOSURE_RECORDED', 'COURT_CLOSURE_WITHDRAWN', 'RULES_CHANGED');

-- CreateEnum
CREATE TYPE "RecomputeJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE');

-- CreateTable
CREATE TABLE "CourtClosure" (
    "id" UUID NOT NULL,
    "organizationId" UUID,
    "court" TEXT NOT NULL,
    "firstDate" DATE NOT NULL,
    "lastDate" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "authority" "ClosureAuthority" NOT NULL DEFAULT 'CCP_12B',
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMPTZ(6),
    "withdrawnBy" TEXT,
    "withdrawnReason" TEXT,

    CONSTRAINT "CourtClosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecomputeJob" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "cause" "RecomputeCause" NOT NULL,
    "closureId" UUID,
    "court" TEXT,
    "rulesVersion" TEXT,
    "status" "RecomputeJobStatus" NOT NULL DEFAULT 'QUEUED',
    "cursor" UUID,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "changedCases" INTEGER NOT NULL DEFAULT 0,
    "movedDeadlines" INTEGER NOT NULL DEFAULT 0,
    "failedCases" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(6),
    "finishedAt" TIMESTAMPTZ(6),
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "RecomputeJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Case_organizationId_court_id_idx" ON "Case"("organizationId", "court", "id");

-- CreateIndex
CREATE INDEX "CourtClosure_court_firstDate_idx" ON "CourtClosure"("court", "firstDate");

-- CreateIndex
CREATE INDEX "CourtClosure_organizationId_id_idx" ON "CourtClosure"("organizationId", "id");

-- CreateIndex
CREATE INDEX "RecomputeJob_status_createdAt_idx" ON "RecomputeJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RecomputeJob_organizationId_id_idx" ON "RecomputeJob"("organizationId", "id");

-- CreateIndex
CREATE INDEX "RecomputeJob_closureId_idx" ON "RecomputeJob"("closureId");

-- AddForeignKey
ALTER TABLE "CourtClosure" ADD CONSTRAINT "CourtClosure_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecomputeJob" ADD CONSTRAINT "RecomputeJob_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecomputeJob" ADD CONSTRAINT "RecomputeJob_closureId_fkey" FOREIGN KEY ("closureId") REFERENCES "CourtClosure"("id") ON DELETE CASCADE ON UPDATE CASCADE;
