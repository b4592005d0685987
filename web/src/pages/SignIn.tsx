import { type FormEvent, useState } from 'react';
import { type Problem, problemOf } from '../api.js';
import { Icon, Logo } from '../components/Icon.js';
import { ProblemAlert } from '../components/ui.js';
import { useSessionState } from '../session.js';

export default function SignInPage({ notice }: { notice?: string }) {
  const { signIn } = useSessionState();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!key.trim()) {
      setProblem({ title: 'API key required', status: 0, detail: 'Paste an API key to sign in.' });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await signIn(key);
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  }

  return (
    <div className="signin">
      <section className="signin-hero" aria-hidden="true">
        <div className="signin-brand">
          <Logo size={40} />
          <span>Greenlink</span>
        </div>
        <div>
          <p className="signin-claim">Measure and cut the footprint of every parcel, from packing to recycling.</p>
          <ul className="signin-points">
            <li>ISO 14083 transport footprints</li>
            <li>Right-sized packaging and e-waybills</li>
            <li>Reusable boxes, recycling and rooftop solar</li>
            <li>Progress against your climate targets</li>
          </ul>
        </div>
        <p className="signin-foot">Open-source full-link green logistics</p>
      </section>
      <section className="signin-panel">
        <form className="signin-form" onSubmit={submit} noValidate>
          <h1>Sign in</h1>
          <p className="muted">Paste a Greenlink API key. The key stays in this browser only.</p>
          {notice ? (
            <div className="alert alert-info" role="status" data-testid="signin-notice">
              <Icon name="info" className="alert-icon" />
              <p>{notice}</p>
            </div>
          ) : null}
          <label className="field">
            <span className="field-label">API key</span>
            <input
              type="password"
              name="apiKey"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="glk_…"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={problem ? true : undefined}
              data-testid="api-key-input"
            />
          </label>
          {problem ? <ProblemAlert problem={problem} testId="signin-error" /> : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="sign-in">
            {busy ? 'Checking…' : 'Sign in'}
          </button>
          <p className="hint">
            On first start, <code>npm start</code> prints an admin key.
            <br />
            More keys: <code>npx greenlink keys create --role analyst</code>
          </p>
        </form>
      </section>
    </div>
  );
}
