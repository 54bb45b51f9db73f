-- CreateTable
CREATE TABLE "ReadMark" (
    "counselorId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "lastReadId" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("counselorId", "conversationId"),
    CONSTRAINT "ReadMark_counselorId_fkey" FOREIGN KEY ("counselorId") REFERENCES "Counselor" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReadMark_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReadMark_conversationId_idx" ON "ReadMark"("conversationId");

