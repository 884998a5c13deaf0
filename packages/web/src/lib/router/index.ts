/**
 * The app's router: a library the pages use (links, the URL's query, navigation) that knows nothing of
 * the pages themselves. The route table lives in `app/routes.ts`.
 */
export {
  hasNavigated,
  Link,
  navigate,
  setNavigationGuard,
  setQuery,
  useLocation,
  useQuery,
  type AppLocation,
} from './router';
export { matchPath, withQueryChanges } from './match';

/** What a routed page receives. */
export interface PageProps {
  /** Path parameters, e.g. `{ id }` for `/admin/users/:id`. */
  params: Record<string, string>;
}
