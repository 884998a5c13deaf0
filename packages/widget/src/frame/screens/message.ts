import type { App } from '../app';
import { h } from '../dom';
import { t } from '../i18n';
import { str } from '../state';
import { header, type Screen } from '../ui';

/** A screen with one message: chat disabled, offline without a form, or an error with a retry. */
export class MessageScreen implements Screen {
  readonly el: HTMLElement;
  private readonly target: HTMLElement;

  constructor(app: App, text: string, retry = false, color?: string) {
    const s = app.state;
    const body = h('p', { class: 'msg-screen', tabindex: -1 }, text);
    this.target = retry
      ? h('button', { type: 'button', class: 'btn', onclick: () => location.reload() }, t('retry'))
      : body;
    this.el = h(
      'div',
      { class: 'screen' },
      header(str(s, 'livechat.title') || 'Chat', color ?? (str(s, 'livechat.offline.color') || '#666666')),
      h('div', { class: 'body pad' }, body, retry ? this.target : null),
    );
  }

  focus(): void {
    this.target.focus();
  }
}
