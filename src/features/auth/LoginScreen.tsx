// Signing in: username, password and a name for this phone; then the first download of the member's
// villages, with the number of records received so far.
import { forgetRemembered } from '../../app/rememberedState';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSyncStatus } from '../../app/useSyncStatus';
import { db } from '../../db/appDb';
import { useSession } from '../../db/syncQueries';
import { appSync } from '../../sync/appSync';
import { errorMessageKey } from '../../sync/errorCodes';
import { Banner } from '../../ui/Banner';
import { TextField } from '../../ui/TextField';
import { AccountPanel } from './AccountPanel';
import { guessDeviceName } from './deviceName';
import { clearAllDrafts } from '../households/draftStore';
import './authI18n';

interface LoginValues {
  username: string;
  password: string;
  deviceName: string;
}

type Step =
  | { kind: 'form'; problem?: string }
  | { kind: 'signing-in' }
  | { kind: 'downloading' }
  | { kind: 'done'; received: number; problem?: string };

export default function LoginScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession(db);
  const status = useSyncStatus();
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const { register, handleSubmit, formState } = useForm<LoginValues>({
    values: { username: session?.expired ? session.user.username : '', password: '', deviceName: guessDeviceName(navigator.userAgent) },
    resetOptions: { keepDirtyValues: true },
  });
  const message = (code: string) => t(errorMessageKey(code, (key) => i18n.exists(key)));
  // A failed sign-in is not kept to retry: its own words say to press « Đăng nhập » again.
  const signInMessage = (code: string) => (i18n.exists(`signInErrors.${code}`) ? t(`signInErrors.${code}`) : message(code));

  const onSubmit = async (values: LoginValues) => {
    setStep({ kind: 'signing-in' });
    const runtime = await appSync.load();
    const result = await runtime.signIn({ username: values.username.trim(), password: values.password, deviceName: values.deviceName.trim() || undefined });
    if (!result.ok) {
      setStep({
        kind: 'form',
        problem: result.reason === 'failed' ? signInMessage(result.code) : t('auth.unsentOtherUser', { count: result.unsent, username: result.username }),
      });
      return;
    }
    // Forms half-typed by the phone's previous account (kept when it signed out, or whose session had
    // expired) may be of villages this one is not given: they are not shown to the next person.
    if (result.otherAccount) clearAllDrafts();
    forgetRemembered('');
    setStep({ kind: 'downloading' });
    const outcome = await runtime.syncNow();
    setStep(
      outcome.kind === 'done'
        ? { kind: 'done', received: outcome.received }
        : { kind: 'done', received: appSync.status.get().received, problem: outcome.kind === 'failed' ? message(outcome.code) : undefined },
    );
  };

  if (step.kind === 'downloading' || step.kind === 'done') {
    return (
      <section className="screen" aria-labelledby="login-title">
        <h1 id="login-title">{t('auth.title')}</h1>
        {step.kind === 'downloading' ? (
          <p aria-live="polite" data-testid="first-pull">
            <span className="spinner" aria-hidden="true" /> {t('auth.firstPull', { count: status.received })}
          </p>
        ) : (
          <>
            <Banner tone={step.problem ? 'warning' : 'success'}>
              <span data-testid="first-pull-done">{step.problem ?? t('auth.firstPullDone', { count: step.received })}</span>
            </Banner>
            <Link href="/" className="button button-primary button-wide" data-testid="login-continue">
              {t('auth.continue')}
            </Link>
          </>
        )}
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
      {session && !session.expired ? (
        <AccountPanel session={session} />
      ) : (
        <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate>
          {session?.expired ? <Banner tone="warning">{t('auth.expired', { username: session.user.username })}</Banner> : <p className="field-hint">{t('auth.explain')}</p>}
          <TextField label={t('auth.username')} autoComplete="username" autoCapitalize="none" error={formState.errors.username ? t('validation.required') : undefined} {...register('username', { validate: (v) => v.trim() !== '' })} data-testid="login-username" />
          <TextField label={t('auth.password')} type="password" autoComplete="current-password" error={formState.errors.password ? t('validation.required') : undefined} {...register('password', { required: true })} data-testid="login-password" />
          <TextField label={t('auth.deviceName')} hint={t('auth.deviceHint')} {...register('deviceName')} />
          {step.kind === 'form' && step.problem && <Banner tone="error"><span data-testid="login-problem">{step.problem}</span></Banner>}
          <button type="submit" className="button button-primary button-wide" disabled={step.kind === 'signing-in'} data-testid="login-submit">
            {step.kind === 'signing-in' ? t('auth.working') : t('auth.submit')}
          </button>
          <p className="muted">{t('auth.offlineWorks')}</p>
        </form>
      )}
    </section>
  );
}
