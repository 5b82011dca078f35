-- Issue 11 (ways in): a feed records who made it (an API key, or a person in the web app) and
-- is revoked with them; a feed may expire. Feeds made before this have no recorded creator.

-- AlterTable
ALTER TABLE "FeedToken" ADD COLUMN "expiresAt" TIMESTAMPTZ(6),
ADD COLUMN "createdByApiKeyId" UUID,
ADD COLUMN "createdByUserId" UUID;

-- CreateIndex
CREATE INDEX "FeedToken_createdByApiKeyId_idx" ON "FeedToken"("createdByApiKeyId");

-- CreateIndex
CREATE INDEX "FeedToken_createdByUserId_idx" ON "FeedToken"("createdByUserId");

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_createdByApiKeyId_fkey" FOREIGN KEY ("createdByApiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_createdByUserId_fkey" FOREIGN KEY ("createdByUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
