-- CreateEnum
CREATE TYPE "Family" AS ENUM ('DV', 'CH', 'WV', 'SV', 'EA', 'GV');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('read', 'write', 'admin');

-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('EPO_ISSUED', 'PETITION_FILED', 'TRO_GRANTED', 'TRO_DENIED', 'HEARING_SET', 'HEARING_CONTINUED', 'SERVICE_TIME_SHORTENED', 'SERVED', 'ORDER_AFTER_HEARING', 'RENEWAL_FILED', 'ORDER_RENEWED', 'ORDER_TERMINATED');

-- CreateEnum
CREATE TYPE "ServiceMethod" AS ENUM ('PERSONAL', 'MAIL', 'ELECTRONIC');

-- CreateEnum
CREATE TYPE "DeadlineKind" AS ENUM ('EPO_EXPIRES', 'HEARING_LATEST', 'HEARING_LATEST_GOOD_CAUSE', 'HEARING', 'TRO_EXPIRES', 'SERVICE_DEADLINE', 'ORDER_EXPIRES', 'RENEWAL_WINDOW_OPENS', 'RENEWAL_DEADLINE');

-- CreateEnum
CREATE TYPE "DeadlineStatus" AS ENUM ('OPEN', 'MET', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "Organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "scopes" "ApiKeyScope"[],
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(6),
    "revokedAt" TIMESTAMPTZ(6),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "family" "Family" NOT NULL,
    "court" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "courtCaseNumber" TEXT,
    "petitionerLabel" TEXT,
    "respondentLabel" TEXT,
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" "EventType" NOT NULL,
    "date" DATE NOT NULL,
    "time" TEXT,
    "days" INTEGER,
    "method" "ServiceMethod",
    "expires" DATE,
    "expiresTime" TEXT,
    "permanent" BOOLEAN,
    "correctsId" UUID,
    "voidedAt" TIMESTAMPTZ(6),
    "voidReason" TEXT,
    "recordedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "DeadlineKind" NOT NULL,
    "date" DATE NOT NULL,
    "at" TIMESTAMPTZ(6),
    "status" "DeadlineStatus" NOT NULL DEFAULT 'OPEN',
    "ruleId" TEXT NOT NULL,
    "citation" TEXT NOT NULL,
    "explanation" JSONB NOT NULL,
    "advisory" JSONB,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "computedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_idx" ON "ApiKey"("organizationId");

-- CreateIndex
CREATE INDEX "Case_organizationId_createdAt_id_idx" ON "Case"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OrderEvent_correctsId_key" ON "OrderEvent"("correctsId");

-- CreateIndex
CREATE INDEX "OrderEvent_organizationId_idx" ON "OrderEvent"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderEvent_caseId_sequence_key" ON "OrderEvent"("caseId", "sequence");

-- CreateIndex
CREATE INDEX "Deadline_organizationId_date_id_idx" ON "Deadline"("organizationId", "date", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_caseId_key_key" ON "Deadline"("caseId", "key");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "OrderEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
