-- The petitioner's own page (issue 12): secret links, hashed, revocable, expiring.

-- CreateTable
CREATE TABLE "PetitionerLink" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "contactId" UUID,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "prefix" TEXT NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "expiresWithOrder" BOOLEAN NOT NULL DEFAULT true,
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastOpenedAt" TIMESTAMPTZ(6),
    "revokedAt" TIMESTAMPTZ(6),

    CONSTRAINT "PetitionerLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PetitionerLink_prefix_key" ON "PetitionerLink"("prefix");

-- CreateIndex
CREATE INDEX "PetitionerLink_organizationId_id_idx" ON "PetitionerLink"("organizationId", "id");

-- CreateIndex
CREATE INDEX "PetitionerLink_caseId_idx" ON "PetitionerLink"("caseId");

-- CreateIndex
CREATE INDEX "PetitionerLink_contactId_idx" ON "PetitionerLink"("contactId");

-- AddForeignKey
ALTER TABLE "PetitionerLink" ADD CONSTRAINT "PetitionerLink_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionerLink" ADD CONSTRAINT "PetitionerLink_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionerLink" ADD CONSTRAINT "PetitionerLink_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
