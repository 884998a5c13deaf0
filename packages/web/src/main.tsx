import { StrictMode, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { api, ApiError } from './api';

interface User {
  id: string;
  name: string;
  email: string;
  roles: string[];
}

function Field(props: {
  label: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete?: string;
}) {
  return (
    <label style={{ display: 'block', marginBottom: 12 }}>
      <span style={{ display: 'block', fontSize: 14, marginBottom: 4 }}>{props.label}</span>
      <input
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        onChange={(e) => props.onChange(e.target.value)}
        required
        style={{ width: '100%', padding: 8, fontSize: 15, boxSizing: 'border-box' }}
      />
    </label>
  );
}

function Setup({ onDone }: { onDone: (u: User) => void }) {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<{ user: User }>('POST', '/api/v1/setup', { token, name, email, password });
      history.replaceState(null, '', '/');
      onDone(r.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={submit} aria-label="Create the administrator">
      <h1>Welcome to Parley</h1>
      <p>Create the administrator account.</p>
      <Field label="Name" value={name} onChange={setName} autoComplete="name" />
      <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
      <Field
        label="Password (at least 10 characters)"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
      />
      {error && (
        <p role="alert" style={{ color: '#b00020' }}>
          {error}
        </p>
      )}
      <button type="submit">Create administrator</button>
    </form>
  );
}

function SignIn({ onDone }: { onDone: (u: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<{ user: User }>('POST', '/api/v1/auth/sign-in', { email, password });
      onDone(r.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={submit} aria-label="Sign in">
      <h1>Sign in to Parley</h1>
      <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="username" />
      <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" />
      {error && (
        <p role="alert" style={{ color: '#b00020' }}>
          {error}
        </p>
      )}
      <button type="submit">Sign in</button>
    </form>
  );
}

function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api<{ user: User }>('GET', '/api/v1/auth/me')
      .then((r) => setUser(r.user))
      .catch(() => setUser(null));
  }, []);
  if (user === undefined) return <p>Loading…</p>;
  if (!user && location.pathname === '/setup') return <Setup onDone={setUser} />;
  if (!user) return <SignIn onDone={setUser} />;
  return (
    <div>
      <h1>Parley</h1>
      <p>
        Signed in as {user.name} ({user.email}) · roles: {user.roles.join(', ')}
      </p>
      <p>
        <a href="/api/docs">API documentation</a>
      </p>
      <button
        onClick={() => {
          void api('POST', '/api/v1/auth/sign-out').then(() => setUser(null));
        }}
      >
        Sign out
      </button>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main style={{ maxWidth: 420, margin: '10vh auto', fontFamily: 'system-ui, sans-serif' }}>
      <App />
    </main>
  </StrictMode>,
);
