import { Link } from '../../lib/router';
import type { TypeFormProps } from './typeForms';

/** The website widget is set up in the settings and on the widget page; the channel only has a name and department. */
export function WidgetChannelForm(_props: TypeFormProps) {
  return (
    <p className="muted">
      The widget’s look and behaviour are set in <Link to="/admin/widget">Widget</Link> and the Livechat settings.
    </p>
  );
}
