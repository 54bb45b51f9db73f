-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "reachedOn" TEXT;

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT,
    "serviceId" TEXT NOT NULL,
    "serviceKind" TEXT NOT NULL,
    "areaId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'referred',
    "consent" BOOLEAN NOT NULL,
    "counselorId" TEXT,
    "followUpOn" TEXT,
    "createdOn" TEXT NOT NULL,
    "contactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralNote" (
    "id" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "counselorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatEvent" (
    "id" SERIAL NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT,
    "label" TEXT,
    "detail" TEXT,
    "seconds" INTEGER,

    CONSTRAINT "StatEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Referral_status_followUpOn_idx" ON "Referral"("status", "followUpOn");

-- CreateIndex
CREATE INDEX "Referral_createdOn_idx" ON "Referral"("createdOn");

-- CreateIndex
CREATE INDEX "Referral_conversationId_idx" ON "Referral"("conversationId");

-- CreateIndex
CREATE INDEX "ReferralNote_referralId_idx" ON "ReferralNote"("referralId");

-- CreateIndex
CREATE INDEX "ReferralNote_conversationId_idx" ON "ReferralNote"("conversationId");

-- CreateIndex
CREATE INDEX "StatEvent_kind_day_idx" ON "StatEvent"("kind", "day");

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralNote" ADD CONSTRAINT "ReferralNote_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralNote" ADD CONSTRAINT "ReferralNote_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

