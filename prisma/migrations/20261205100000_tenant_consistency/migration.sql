-- Tenant consistency (issue 11): the code always writes a row's organizationId from its parent's,
-- and now the database holds it to that. Each parent a tenant-owned row points at gets a unique
-- (id, organizationId), and each pointer becomes a composite foreign key on (parentId,
-- organizationId): a row can no longer name a case, deadline, advocate or contact of another
-- organization, whatever the code does.
--
-- First, refuse clearly (and change nothing: the migration is one transaction) if rows already
-- cross organizations, or if a DeadlineChange names a case that is gone (it had no foreign key
-- to Case until now). Only table names and counts are reported: no party data.
DO $$
DECLARE
  found text := '';
  n bigint;
BEGIN
  SELECT count(*) INTO n FROM "OrderEvent" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' OrderEvent.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "Deadline" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' Deadline.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "CaseAdvocate" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' CaseAdvocate.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "CaseAdvocate" c LEFT JOIN "Advocate" p ON p."id" = c."advocateId"
    WHERE c."advocateId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' CaseAdvocate.advocateId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "DeadlineChange" c LEFT JOIN "Deadline" p ON p."id" = c."deadlineId"
    WHERE c."deadlineId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' DeadlineChange.deadlineId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "DeadlineChange" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' DeadlineChange.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "FeedToken" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' FeedToken.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "FeedToken" c LEFT JOIN "Advocate" p ON p."id" = c."advocateId"
    WHERE c."advocateId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' FeedToken.advocateId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "Contact" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' Contact.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "Reminder" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' Reminder.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "PetitionerLink" c LEFT JOIN "Case" p ON p."id" = c."caseId"
    WHERE c."caseId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' PetitionerLink.caseId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "PetitionerLink" c LEFT JOIN "Contact" p ON p."id" = c."contactId"
    WHERE c."contactId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' PetitionerLink.contactId: %s;', n); END IF;
  SELECT count(*) INTO n FROM "User" c LEFT JOIN "Advocate" p ON p."id" = c."advocateId"
    WHERE c."advocateId" IS NOT NULL AND (p."id" IS NULL OR p."organizationId" <> c."organizationId");
  IF n > 0 THEN found := found || format(' User.advocateId: %s;', n); END IF;
  IF found <> '' THEN
    RAISE EXCEPTION 'rows point at another organization''s (or a missing) parent:%', found
      USING HINT = 'README "Tenant consistency in the database": find these rows, decide which organization they belong to, fix or erase them, then start again';
  END IF;
END $$;

-- CreateIndex
CREATE UNIQUE INDEX "Case_id_organizationId_key" ON "Case"("id", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Advocate_id_organizationId_key" ON "Advocate"("id", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_id_organizationId_key" ON "Deadline"("id", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_id_organizationId_key" ON "Contact"("id", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "User_advocateId_organizationId_key" ON "User"("advocateId", "organizationId");

-- DropForeignKey
ALTER TABLE "OrderEvent" DROP CONSTRAINT "OrderEvent_caseId_fkey";

-- DropForeignKey
ALTER TABLE "Deadline" DROP CONSTRAINT "Deadline_caseId_fkey";

-- DropForeignKey
ALTER TABLE "CaseAdvocate" DROP CONSTRAINT "CaseAdvocate_caseId_fkey";

-- DropForeignKey
ALTER TABLE "CaseAdvocate" DROP CONSTRAINT "CaseAdvocate_advocateId_fkey";

-- DropForeignKey
ALTER TABLE "DeadlineChange" DROP CONSTRAINT "DeadlineChange_deadlineId_fkey";

-- DropForeignKey
ALTER TABLE "FeedToken" DROP CONSTRAINT "FeedToken_caseId_fkey";

-- DropForeignKey
ALTER TABLE "FeedToken" DROP CONSTRAINT "FeedToken_advocateId_fkey";

-- DropForeignKey
ALTER TABLE "Contact" DROP CONSTRAINT "Contact_caseId_fkey";

-- DropForeignKey
ALTER TABLE "Reminder" DROP CONSTRAINT "Reminder_caseId_fkey";

-- DropForeignKey
ALTER TABLE "PetitionerLink" DROP CONSTRAINT "PetitionerLink_caseId_fkey";

-- DropForeignKey
ALTER TABLE "PetitionerLink" DROP CONSTRAINT "PetitionerLink_contactId_fkey";

-- DropForeignKey
ALTER TABLE "User" DROP CONSTRAINT "User_advocateId_fkey";

-- AddForeignKey
ALTER TABLE "OrderEvent" ADD CONSTRAINT "OrderEvent_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAdvocate" ADD CONSTRAINT "CaseAdvocate_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAdvocate" ADD CONSTRAINT "CaseAdvocate_advocateId_organizationId_fkey" FOREIGN KEY ("advocateId", "organizationId") REFERENCES "Advocate"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineChange" ADD CONSTRAINT "DeadlineChange_deadlineId_organizationId_fkey" FOREIGN KEY ("deadlineId", "organizationId") REFERENCES "Deadline"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineChange" ADD CONSTRAINT "DeadlineChange_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedToken" ADD CONSTRAINT "FeedToken_advocateId_organizationId_fkey" FOREIGN KEY ("advocateId", "organizationId") REFERENCES "Advocate"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionerLink" ADD CONSTRAINT "PetitionerLink_caseId_organizationId_fkey" FOREIGN KEY ("caseId", "organizationId") REFERENCES "Case"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionerLink" ADD CONSTRAINT "PetitionerLink_contactId_organizationId_fkey" FOREIGN KEY ("contactId", "organizationId") REFERENCES "Contact"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_advocateId_organizationId_fkey" FOREIGN KEY ("advocateId", "organizationId") REFERENCES "Advocate"("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE;
