/** Widget chrome texts (the conversation itself comes from the server in the chosen locale). */
export const WIDGET_TEXTS = {
  vi: {
    launcher: "Hỏi đáp ẩn danh",
    title: "Tư vấn ẩn danh",
    exit: "Thoát nhanh",
    exitHint: "Thoát nhanh: rời trang ngay (hoặc bấm Esc hai lần)",
    close: "Thu nhỏ",
    placeholder: "Nhập tin nhắn…",
    send: "Gửi",
    you: "Bạn",
    counselor: "Tư vấn viên",
    offline: "Mất kết nối, đang thử lại…",
    error: "Chưa gửi được tin nhắn. Bạn thử lại nhé.",
    tooLong: "Tin nhắn dài quá, bạn chia nhỏ giúp mình nhé.",
    privacy:
      'Không cần cho biết tên. Nếu người khác có thể xem máy của bạn, hãy dùng chế độ ẩn danh của trình duyệt và bấm "Thoát nhanh" khi cần.',
  },
  en: {
    launcher: "Anonymous chat",
    title: "Anonymous support",
    exit: "Quick exit",
    exitHint: "Quick exit: leave this page at once (or press Esc twice)",
    close: "Minimise",
    placeholder: "Type a message…",
    send: "Send",
    you: "You",
    counselor: "Counselor",
    offline: "Connection lost, retrying…",
    error: "The message was not sent. Please try again.",
    tooLong: "The message is too long, please split it.",
    privacy:
      'No name needed. If someone else may look at your device, use your browser\'s private mode and press "Quick exit" when needed.',
  },
} as const;

export type WidgetLocale = keyof typeof WIDGET_TEXTS;
