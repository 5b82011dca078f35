-- Discreet reminders and one address per case (issue 12).

-- Discreet mode: on for new contacts, and for the existing ones too (the safer reading: a
-- subject naming the clinic's reference reaches no lock screen again until an advocate
-- chooses the full wording for a contact).
ALTER TABLE "Contact" ADD COLUMN "discreet" BOOLEAN NOT NULL DEFAULT true;

-- Addresses are compared trimmed and case-insensitively: store them so.
UPDATE "Contact" SET "email" = lower(btrim("email")) WHERE "email" <> lower(btrim("email"));

-- A case that already has the same address twice keeps one contact: an opted-out one first
-- (its opt-out stands), else the oldest. The other's reminders and links go with it.
DELETE FROM "Reminder"
 WHERE "recipientType" = 'CONTACT'
   AND "recipientId" IN (
     SELECT id FROM (
       SELECT id, row_number() OVER (
                PARTITION BY "caseId", "email"
                ORDER BY ("optedOutAt" IS NOT NULL) DESC, id) AS n
         FROM "Contact") ranked
      WHERE n > 1);
DELETE FROM "Contact"
 WHERE id IN (
   SELECT id FROM (
     SELECT id, row_number() OVER (
              PARTITION BY "caseId", "email"
              ORDER BY ("optedOutAt" IS NOT NULL) DESC, id) AS n
       FROM "Contact") ranked
    WHERE n > 1);

-- CreateIndex
CREATE UNIQUE INDEX "Contact_caseId_email_key" ON "Contact"("caseId", "email");
