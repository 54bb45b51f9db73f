/** Widget styles, applied through a constructable stylesheet inside a shadow root (CSP-safe). */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
.launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; border: 0; border-radius: 28px;
  padding: 14px 20px; background: #0b5f56; color: #fff; font-size: 16px; font-weight: 600; cursor: pointer;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483001; width: min(380px, calc(100vw - 16px));
  height: min(600px, calc(100vh - 32px)); background: #fff; color: #1d1d1d; border-radius: 14px; display: flex;
  flex-direction: column; overflow: hidden; box-shadow: 0 8px 28px rgba(0,0,0,.3); }
.panel[hidden] { display: none; }
@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100dvh; border-radius: 0; } }
.header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #0b5f56; color: #fff; }
.title { flex: 1; font-size: 15px; font-weight: 600; margin: 0; }
.exit { border: 0; border-radius: 8px; padding: 8px 10px; background: #b3261e; color: #fff; font-size: 14px; font-weight: 700; cursor: pointer; }
.close { border: 0; background: transparent; color: #fff; font-size: 22px; line-height: 1; padding: 4px 8px; cursor: pointer; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f4f6f5; }
.msg { max-width: 85%; padding: 9px 12px; border-radius: 12px; font-size: 15px; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.bot, .msg.system { align-self: flex-start; background: #fff; border: 1px solid #dde3e1; }
.msg.counselor { align-self: flex-start; background: #e6f2ff; border: 1px solid #b9d8f7; }
.msg.user { align-self: flex-end; background: #0b5f56; color: #fff; }
.who { display: block; font-size: 12px; font-weight: 600; color: #33577a; margin-bottom: 2px; }
.choices { display: flex; flex-direction: column; gap: 6px; align-self: stretch; }
.choice { text-align: left; border: 1px solid #0b5f56; background: #fff; color: #0b5f56; border-radius: 10px;
  padding: 10px 12px; font-size: 15px; cursor: pointer; min-height: 44px; }
.choice:disabled { opacity: .5; cursor: default; }
a.choice { display: flex; align-items: center; text-decoration: none; font-weight: 600; }
.msg a { color: inherit; text-decoration: underline; font-weight: 600; }
.msg.bot a, .msg.system a { color: #0b5f56; }
a:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
.composer { display: flex; gap: 8px; padding: 8px; border-top: 1px solid #dde3e1; background: #fff; }
textarea { flex: 1; resize: none; border: 1px solid #b8c2bf; border-radius: 10px; padding: 10px; font-size: 16px; min-height: 44px; max-height: 120px; }
.send { border: 0; border-radius: 10px; background: #0b5f56; color: #fff; padding: 0 16px; font-size: 15px; font-weight: 600; cursor: pointer; min-height: 44px; }
.status { font-size: 12px; color: #5b6b66; padding: 0 12px 6px; background: #fff; min-height: 0; }
.typing { font-size: 13px; font-style: italic; color: #33577a; padding: 4px 12px; background: #f4f6f5; }
.typing[hidden] { display: none; }
.language { border: 1px solid #fff; border-radius: 8px; padding: 7px 9px; background: transparent; color: #fff; font-size: 13px; cursor: pointer; }
.counter { font-size: 12px; color: #3d4a46; padding: 0 12px 4px; background: #fff; text-align: right; }
.counter.over { color: #b3261e; font-weight: 600; }
.counter[hidden] { display: none; }
.msg.unsent { opacity: .85; border: 2px dashed #b3261e; }
.retry { display: block; margin-top: 6px; border: 1px solid #fff; border-radius: 8px; background: #fff; color: #b3261e; font-size: 13px; font-weight: 600; padding: 6px 10px; cursor: pointer; }
.note { font-size: 12px; color: #5b6b66; padding: 6px 12px; background: #fff; border-top: 1px solid #eef1f0; }
`;
