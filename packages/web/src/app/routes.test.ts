import { describe, expect, it } from 'vitest';
import { findRoute, homePath, routes } from './routes';

describe('the route table', () => {
  it('fixed segments win over parameters; trailing slashes are ignored', () => {
    expect(findRoute('/admin/users/new')?.route.title).toBe('New user');
    expect(findRoute('/admin/users/42')).toMatchObject({ route: { title: 'Edit user' }, params: { id: '42' } });
    expect(findRoute('/admin/departments/new/')?.route.title).toBe('New department');
    expect(findRoute('/workspace/c1')).toMatchObject({ route: { group: 'workspace' }, params: { id: 'c1' } });
    expect(findRoute('/nowhere')).toBeUndefined();
  });

  it('every path appears once', () => {
    const paths = routes.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('agents start at work, admins and managers in the console, others at the first page they may open', () => {
    expect(homePath(['agent'])).toBe('/workspace');
    expect(homePath(['admin', 'agent'])).toBe('/workspace');
    expect(homePath(['admin'])).toBe('/admin/settings');
    expect(homePath(['manager'])).toBe('/admin/settings');
    expect(homePath(['monitor'])).toBe('/conversations');
    expect(homePath(['bot'])).toBe('/account');
  });
});
