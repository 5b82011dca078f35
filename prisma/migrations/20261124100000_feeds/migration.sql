-- CreateEnum
CREATE TYPE "FeedScope" AS ENUM ('CASE', 'ADVOCATE', 'ORGANIZATION');

-- CreateEnum
CREATE TYPE "FeedPrivacy" AS ENUM ('busy', 'neutral', 'full');

-- CreateTable
CREATE TABLE "FeedToken" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "scope" "FeedScope" NOT NULL,
    "caseId" UUID,
    "advocateId" UUID,
    "privacy" "FeedPrivacy" NOT NULL DEFAULT 'neutral',
    "label" TEXT,
    "prefix" TEXT NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFetchedAt" TIMESTAMPTZ(6),
    "revokedAt" TIMESTAMPTZ(6),

    CONSTRAINT "FeedToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FeedToken_prefix_key" ON "FeedToken"("prefix");

-- CreateIndex
CREATE INDEX "FeedToken_organizationId_id_idx" ON "FeedToken"("organizationId", "id");

-- CreateIndex
CREATE INDEX "FeedToken_caseId_idx" ON "FeedToken"("caseId");

-- CreateIndex
CREATE INDEX "FeedToken_advocateId_idx" ON "FeedToken"("advocateId");

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
