import { Link } from '../../lib/router';
import type { TypeFormProps } from './typeForms';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/** The website widget is set up in the settings and on the widget page; the channel only has a name and department. */
export function WidgetChannelForm(_props: TypeFormProps) {
  return (
    <p className="muted">
      {tx('The widget’s look and behaviour are set in {widget} and the Livechat settings.', {
        widget: <Link to="/admin/widget">{t('Widget')}</Link>,
      })}
    </p>
  );
}
