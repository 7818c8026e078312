// Choose the village to work on, or (before the phone is connected to a commune server) enter one.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { db } from '../../db/appDb';
import { useSelectedVillageId, useVillages } from '../../db/queries';
import { addLocalVillage, selectVillage } from '../../db/villages';
import { useSession } from '../../db/syncQueries';
import { Banner } from '../../ui/Banner';
import { parseCountVi } from '../../shared/text';
import { TextField } from '../../ui/TextField';

interface NewVillageValues {
  name: string;
  expectedHouseholds: string;
}

export default function VillageSetupScreen() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const villages = useVillages(db) ?? [];
  const selected = useSelectedVillageId(db);
  const session = useSession(db);
  const onServer = new Set(session?.user.villageIds ?? []);
  const [failed, setFailed] = useState(false);
  const { register, handleSubmit, formState } = useForm<NewVillageValues>({ defaultValues: { name: '', expectedHouseholds: '' } });

  const onSubmit = async (values: NewVillageValues) => {
    const expected = parseCountVi(values.expectedHouseholds) ?? null;
    try {
      await addLocalVillage(db, { name: values.name, expectedHouseholds: expected });
      setFailed(false);
      navigate('/');
    } catch {
      setFailed(true);
    }
  };

  return (
    <section className="screen" aria-labelledby="villages-title">
      <h1 id="villages-title">{t('villages.title')}</h1>
      {session === null && (
        <Banner tone="info" action={<Link href="/login" className="button button-primary" data-testid="villages-login">{t('sync.signIn')}</Link>}>
          {t('sync.notSignedIn')}. {t('auth.explain')}
        </Banner>
      )}
      {session?.user.role === 'commune_admin' && (
        <Banner tone="info" action={<Link href="/admin" className="button button-primary" data-testid="villages-admin">{t('nav.admin')}</Link>}>
          {t('villages.adminHint')}
        </Banner>
      )}
      {villages.length > 0 && (
        <ul className="list">
          {villages.map((village) => (
            <li key={village.id}>
              <button
                type="button"
                className={`list-item${village.id === selected ? ' current' : ''}`}
                onClick={async () => {
                  await selectVillage(db, village.id);
                  navigate('/');
                }}
              >
                <span className="list-title">{village.name}</span>
                {village.expectedHouseholds !== null && <span className="list-sub">{t('villages.expected', { count: village.expectedHouseholds })}</span>}
                {session && !onServer.has(village.id) && <span className="local-only">{t('sync.notOnServer')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate>
        <h2>{t('villages.addTitle')}</h2>
        <p className="field-hint">{t('villages.addHint')}</p>
        <TextField label={t('villages.name')} error={formState.errors.name ? t('validation.required') : undefined} {...register('name', { required: true, validate: (v) => v.trim() !== '' })} />
        <TextField
          label={t('villages.expectedHouseholds')}
          // Text, not type="number": the browser empties a number field it cannot read ("1,200"), and the
          // check would then take it as "no count" without a word. "1.200" and "1 200" are read here.
          inputMode="numeric"
          error={formState.errors.expectedHouseholds ? t('validation.wholeNumber') : undefined}
          {...register('expectedHouseholds', { validate: (v) => parseCountVi(v, 100_000) !== undefined })}
        />
        {failed && <Banner tone="error">{t('villages.failed')}</Banner>}
        <button type="submit" className="button button-primary button-wide" data-testid="create-village">{t('villages.add')}</button>
      </form>
    </section>
  );
}
