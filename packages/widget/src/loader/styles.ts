/** The loader's styles, adopted by its shadow root (nothing here can reach the host page). */
export const css = `
:host{all:initial}
[hidden]{display:none!important}
.l{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;padding:0;margin:0;cursor:pointer;background:#C1272D;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;transition:transform .15s}
.l:hover{transform:scale(1.06)}
.l:focus-visible{outline:3px solid #1a73e8;outline-offset:3px}
.l svg{width:28px;height:28px;fill:currentColor}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#d93025;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center;border:2px solid #fff}
.p{position:fixed;right:20px;bottom:88px;width:370px;height:min(600px,calc(100vh - 108px));border-radius:12px;overflow:hidden;background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.3)}
.p iframe{display:block;width:100%;height:100%;border:0}
:host([data-side=left]) .l,:host([data-side=left]) .p{left:20px;right:auto}
@media (max-width:480px),(max-height:520px){.p{inset:0!important;width:100%;height:100%;border-radius:0}.l.o{display:none}}
`;
