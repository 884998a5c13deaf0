import type { ConversationView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, fieldErrors } from '../../api/client';
import type { Catalogs } from '../../api/catalogs';
import { conversationsApi } from '../../api/omnichannel';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { describedBy } from '../../components/Field';
import { TagInput } from '../../components/TagInput';
import { t } from '../../i18n';

/**
 * Close with a comment and tags. When the department asks for a tag before closing, the dialog asks for
 * one of its closing tags (or any tag when it lists none) before sending; likewise for the comment when
 * `general.requireCloseComment` is on. The server decides in the end.
 */
export function CloseDialog(props: {
  conversation: ConversationView;
  catalogs: Catalogs;
  /** `general.requireCloseComment`. */
  requireComment: boolean;
  onClose: () => void;
  onDone: (c: ConversationView) => void;
}) {
  const { conversation: c } = props;
  const dept = props.catalogs.departments.find((d) => d.id === c.departmentId);
  const required = dept?.requestTagBeforeClosing ?? false;
  const closingTags = dept?.closingTags ?? [];
  const [chosen, setChosen] = useState<string[]>(() => closingTags.filter((tag) => c.tags.includes(tag)));
  const [extra, setExtra] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [localTagError, setLocalTagError] = useState<string>();
  const [localCommentError, setLocalCommentError] = useState<string>();

  const tags = [...new Set([...chosen, ...extra])];
  const satisfied =
    !required ||
    (closingTags.length > 0
      ? [...tags, ...c.tags].some((tag) => closingTags.includes(tag))
      : tags.length + c.tags.length > 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const tagProblem = satisfied
      ? undefined
      : closingTags.length > 0
        ? t('Choose at least one closing tag.')
        : t('Add at least one tag before closing.');
    const commentProblem = props.requireComment && !comment.trim() ? t('Write a comment before closing.') : undefined;
    setLocalTagError(tagProblem);
    setLocalCommentError(commentProblem);
    if (tagProblem) {
      document.getElementById(closingTags.length ? `close-tag-0` : 'close-tags')?.focus();
      return;
    }
    if (commentProblem) {
      document.getElementById('close-comment')?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const view = await conversationsApi.close(c.id, {
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(tags.length ? { tags } : {}),
      });
      props.onDone(view);
    } catch (err) {
      setError(err);
      setBusy(false);
      if (err instanceof ApiError && err.code === 'conversation.comment-required')
        document.getElementById('close-comment')?.focus();
    }
  };

  const fields = fieldErrors(error);
  const tagError = localTagError ?? fields.tags;
  const commentError = localCommentError ?? fields.comment;
  const general = error !== undefined && !fields.comment && !fields.tags;
  return (
    <Dialog title={t('Close conversation')} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        {closingTags.length > 0 ? (
          <fieldset
            className={`field${tagError ? ' has-error' : ''}`}
            aria-describedby={tagError ? 'close-tags-error' : undefined}
          >
            <legend className="field-label">
              {t('Closing tags')}{' '}
              {required ? (
                <span className="required">{t('(choose at least one)')}</span>
              ) : (
                <span className="muted">{t('(optional)')}</span>
              )}
            </legend>
            <div className="choice-list">
              {closingTags.map((tag, i) => (
                <label key={tag} className="choice">
                  <input
                    id={`close-tag-${i}`}
                    type="checkbox"
                    checked={chosen.includes(tag)}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, tag] : chosen.filter((x) => x !== tag))}
                  />
                  <span>{tag}</span>
                </label>
              ))}
            </div>
            {tagError && (
              <p className="field-error" id="close-tags-error">
                {tagError}
              </p>
            )}
          </fieldset>
        ) : null}
        <div className={`field${tagError && closingTags.length === 0 ? ' has-error' : ''}`}>
          <label className="field-label" htmlFor="close-tags">
            {closingTags.length > 0 ? t('Other tags') : t('Tags')}{' '}
            {required && closingTags.length === 0 ? (
              <span className="required">{t('(at least one)')}</span>
            ) : (
              <span className="muted">{t('(optional)')}</span>
            )}
          </label>
          <TagInput
            id="close-tags"
            value={extra}
            onChange={setExtra}
            invalid={!!tagError && closingTags.length === 0}
            describedBy={describedBy('close-tags', c.tags.length > 0, !!tagError && closingTags.length === 0)}
          />
          {c.tags.length > 0 && (
            <p className="field-hint" id="close-tags-hint">
              {t('Already tagged: {tags}', { tags: c.tags.join(', ') })}
            </p>
          )}
          {tagError && closingTags.length === 0 && (
            <p className="field-error" id="close-tags-error">
              {tagError}
            </p>
          )}
        </div>
        <div className={`field${commentError ? ' has-error' : ''}`}>
          <label className="field-label" htmlFor="close-comment">
            {t('Comment')}{' '}
            {props.requireComment ? (
              <span className="required">{t('(required)')}</span>
            ) : (
              <span className="muted">{t('(optional)')}</span>
            )}
          </label>
          <textarea
            id="close-comment"
            className="input textarea"
            value={comment}
            maxLength={2000}
            required={props.requireComment}
            onChange={(e) => setComment(e.target.value)}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? 'close-comment-error' : undefined}
          />
          {commentError && (
            <p className="field-error" id="close-comment-error">
              {commentError}
            </p>
          )}
        </div>
        {general && (
          <Alert tone="error" title={t('The conversation was not closed.')}>
            {errorMessage(error)}
          </Alert>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" disabled={busy}>
            {busy ? t('Closing…') : t('Close conversation')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
