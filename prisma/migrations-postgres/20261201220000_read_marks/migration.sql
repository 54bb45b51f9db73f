-- CreateTable
CREATE TABLE "ReadMark" (
    "counselorId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "lastReadId" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadMark_pkey" PRIMARY KEY ("counselorId","conversationId")
);

-- CreateIndex
CREATE INDEX "ReadMark_conversationId_idx" ON "ReadMark"("conversationId");

-- AddForeignKey
ALTER TABLE "ReadMark" ADD CONSTRAINT "ReadMark_counselorId_fkey" FOREIGN KEY ("counselorId") REFERENCES "Counselor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadMark" ADD CONSTRAINT "ReadMark_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

