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
    counselorTyping: "Tư vấn viên đang nhập…",
    offline: "Mất kết nối, đang thử lại…",
    error: "Chưa gửi được tin nhắn. Bạn thử lại nhé.",
    tooLong:
      "Tin nhắn dài hơn 4.000 ký tự. Bạn chia thành vài tin ngắn hơn giúp mình nhé; chữ bạn viết vẫn còn trong ô.",
    tooLongBy: "Dài hơn giới hạn {{count}} ký tự",
    counter: "{{count}}/{{max}} ký tự",
    notSent: "Chưa gửi được vì mất kết nối. Tin nhắn sẽ được gửi khi có mạng lại, hoặc bấm “Gửi lại”.",
    retry: "Gửi lại",
    otherLanguage: "English",
    switchLanguage: "Switch to English",
    languageName: "Tiếng Việt",
    privacy:
      "Không cần cho biết tên. Nếu người khác có thể xem máy của bạn, hãy dùng chế độ ẩn danh của trình duyệt và bấm “Thoát nhanh” khi cần.",
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
    counselorTyping: "The counselor is typing…",
    offline: "Connection lost, retrying…",
    error: "The message was not sent. Please try again.",
    tooLong:
      "The message is over 4,000 characters. Please split it into shorter messages; your text is still in the box.",
    tooLongBy: "{{count}} characters over the limit",
    counter: "{{count}}/{{max}} characters",
    notSent:
      "Not sent: the connection is lost. It will be sent when you are back online, or press “Send again”.",
    retry: "Send again",
    otherLanguage: "Tiếng Việt",
    switchLanguage: "Chuyển sang tiếng Việt",
    languageName: "English",
    privacy:
      "No name needed. If someone else may look at your device, use your browser's private mode and press “Quick exit” when needed.",
  },
} as const;

export type WidgetLocale = keyof typeof WIDGET_TEXTS;
