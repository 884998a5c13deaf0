import type { StaffRole } from '@parley/shared';
import { ApiError } from '../../api/client';
import { roleInfo, roleOrder } from '../../lib/roles';
import { t } from '../../i18n';

/** Checked before sending, because the server's wording for an empty list is technical. */
export function noRole(): ApiError {
  return new ApiError(400, 'request.invalid', t('Choose at least one role.'), 'body.roles');
}

/** One checkbox per role, with what the role is for. */
export function RolesFieldset(props: {
  idPrefix: string;
  value: StaffRole[];
  onChange: (roles: StaffRole[]) => void;
  error?: string | undefined;
  /** Roles not offered (an invitation is never for a bot). */
  without?: readonly StaffRole[];
}) {
  const errorId = `${props.idPrefix}-roles-error`;
  return (
    <fieldset
      className={`field roles${props.error ? ' has-error' : ''}`}
      aria-describedby={props.error ? errorId : undefined}
    >
      <legend className="field-label">{t('Roles')}</legend>
      {roleInfo
        .filter((r) => !props.without?.includes(r.role))
        .map((r) => (
          <label key={r.role} className="choice choice-described">
            <input
              type="checkbox"
              name="roles"
              value={r.role}
              checked={props.value.includes(r.role)}
              onChange={(e) => {
                const next = e.target.checked ? [...props.value, r.role] : props.value.filter((x) => x !== r.role);
                props.onChange(roleOrder.filter((x) => next.includes(x)));
              }}
            />
            <span>
              <span className="choice-title">{t(r.label)}</span>
              <span className="choice-description">{t(r.description)}</span>
            </span>
          </label>
        ))}
      {props.error && (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
