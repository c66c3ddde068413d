// Entry: the sign-in form, or the calendar when this browser session holds a token.
import './styles.css';
import { Api, ApiError } from './api.ts';
import { h } from './dom.ts';
import { startApp } from './app.ts';
import { clearSession, loadSession, orgIdOfToken, saveSession, type Session } from './session.ts';

const root = document.getElementById('app')!;
let stop: (() => void) | null = null;

async function signIn(token: string): Promise<Session> {
  const orgId = orgIdOfToken(token);
  if (!orgId) throw new Error('That is not a chairtime token: it starts with ct_ and is 112 characters long.');
  const org = await new Api(orgId, token.trim()).get<{ name: string }>('/organization');
  return { orgId, token: token.trim(), orgName: org.name };
}

function signOut(): void {
  stop?.();
  stop = null;
  clearSession();
  showSignIn();
}

async function open(session: Session): Promise<void> {
  saveSession(session);
  root.replaceChildren(h('p', { class: 'loading', text: 'Loading the practice…' }));
  try {
    stop = await startApp(root, session, signOut);
  } catch (err) {
    clearSession();
    showSignIn(err instanceof Error ? err.message : String(err));
  }
}

function showSignIn(problem = ''): void {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-help' });
  const error = h('p', { class: 'error', role: 'alert', text: problem });
  const demo = h('div', { class: 'demo' });
  const form = h('form', { class: 'sign-in' },
    h('h1', { text: 'chairtime — front desk' }),
    h('label', { for: 'token', text: 'API token' }), input,
    h('p', { id: 'token-help', class: 'hint', text: 'Paste a token issued for your user. The demo practice\'s admin token is printed when `npm start` starts and kept in data/demo-credentials.json. It stays in this browser tab until you sign out or close it.' }),
    h('button', { type: 'submit', class: 'primary', text: 'Sign in' }), error, demo);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await open(await signIn(input.value));
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? 'This token is not valid (revoked, mistyped or of another server).'
        : err instanceof Error ? err.message : String(err);
    }
  });
  root.replaceChildren(h('main', { class: 'sign-in-page' }, form));
  input.focus();
  void fetch('/web/demo', { cache: 'no-store' }).then(async (res) => {
    if (!res.ok) return;
    const creds = (await res.json()) as { org_id: string; org_name: string; token: string };
    const b = h('button', { type: 'button', text: `Open the demo practice (${creds.org_name})` });
    b.addEventListener('click', () => void open({ orgId: creds.org_id, token: creds.token, orgName: creds.org_name }));
    demo.replaceChildren(h('p', { class: 'hint', text: 'This server runs the demo, and you are on the same machine:' }), b);
  }).catch(() => undefined);
}

const saved = loadSession();
if (saved) void open(saved);
else showSignIn();
