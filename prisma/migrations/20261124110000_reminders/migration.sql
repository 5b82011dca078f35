-- CreateEnum
CREATE TYPE "ReminderLocale" AS ENUM ('en', 'es');

-- CreateEnum
CREATE TYPE "ReminderRecipientType" AS ENUM ('CONTACT', 'ADVOCATE', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "ReminderChannel" AS ENUM ('EMAIL', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "locale" "ReminderLocale" NOT NULL DEFAULT 'en',
    "consentAt" TIMESTAMPTZ(6) NOT NULL,
    "optedOutAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "secret" BYTEA NOT NULL,
    "previousSecret" BYTEA,
    "previousSecretExpiresAt" TIMESTAMPTZ(6),
    "disabledAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "deadlineId" UUID NOT NULL,
    "deadlineRevision" INTEGER NOT NULL,
    "occurrence" TEXT NOT NULL,
    "recipientType" "ReminderRecipientType" NOT NULL,
    "recipientId" UUID NOT NULL,
    "channel" "ReminderChannel" NOT NULL,
    "dueAt" TIMESTAMPTZ(6) NOT NULL,
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(6) NOT NULL,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "payload" JSONB NOT NULL,
    "sentAt" TIMESTAMPTZ(6),
    "cancelledAt" TIMESTAMPTZ(6),
    "cancelReason" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Contact_organizationId_caseId_idx" ON "Contact"("organizationId", "caseId");

-- CreateIndex
CREATE INDEX "Contact_caseId_idx" ON "Contact"("caseId");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_organizationId_id_idx" ON "WebhookEndpoint"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Reminder_status_nextAttemptAt_idx" ON "Reminder"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Reminder_organizationId_status_id_idx" ON "Reminder"("organizationId", "status", "id");

-- CreateIndex
CREATE INDEX "Reminder_caseId_dueAt_idx" ON "Reminder"("caseId", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_occurrence_recipient_key" ON "Reminder"("deadlineId", "deadlineRevision", "occurrence", "recipientType", "recipientId");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
