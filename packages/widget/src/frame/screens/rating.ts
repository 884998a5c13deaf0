import type { VisitorConversationView, VisitorRating } from '@parley/shared';
import { api, ApiError } from '../api';
import { h } from '../dom';
import { formStatus, showStatus } from '../forms';
import { t } from '../i18n';
import { errorText } from './errors';

/**
 * CSAT after the close (`livechat.csat.enabled`): the question (`livechat.csat.question`), five choices
 * and an optional comment, sent once to `POST conversations/:id/rating`; then a thank-you. An empty box when off
 * (asked of `GET conversations/:id/rating`, so neither setting weighs on every page view).
 */
export function ratingForm(c: VisitorConversationView): HTMLElement {
  const box = h('div', { class: 'rating-box' });
  const name = `rate-${c.id}`;
  const choices = [1, 2, 3, 4, 5].map((n) =>
    h(
      'label',
      { class: 'star' },
      h('input', { type: 'radio', name, value: String(n), 'aria-label': t('ratingOf', { n }) }),
      h('span', { 'aria-hidden': 'true' }, String(n)),
    ),
  );
  const comment = h('textarea', {
    class: 'input',
    rows: 2,
    maxlength: 2000,
    'aria-label': t('ratingComment'),
    placeholder: t('ratingComment'),
  });
  const status = formStatus();
  // Whether to ask, and the admin's question, come with the form (not with every page view's config);
  // a rating already given (another tab) shows the thanks.
  const legend = h('legend', null, t('ratingQuestion'));
  api<VisitorRating>('GET', `conversations/${c.id}/rating`)
    .then((r) => {
      if (!r.enabled && !r.rating) return;
      if (r.question) legend.textContent = r.question;
      box.append(form);
      if (r.rating) thanks();
    })
    .catch(() => undefined);
  const thanks = () => {
    const done = h('p', { class: 'success', role: 'status', tabindex: -1 }, t('ratingThanks'));
    form.replaceWith(done);
    done.focus();
  };
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'form rating',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const picked = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
        if (!picked) return showStatus(status, t('ratingPick'));
        api('POST', `conversations/${c.id}/rating`, { rating: Number(picked.value), comment: comment.value })
          .then(thanks)
          .catch((err: unknown) => {
            if (err instanceof ApiError && err.code === 'rating.already-rated') return thanks();
            showStatus(status, err instanceof ApiError ? errorText(err) : t('genericError'));
          });
      },
    },
    h('fieldset', { class: 'stars' }, legend, choices),
    comment,
    status,
    h('button', { type: 'submit', class: 'btn secondary' }, t('sendRating')),
  );
  return box;
}
