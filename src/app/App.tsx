// Layout and routes. The household list is part of the shell; every other screen loads lazily.
import { lazy, Suspense, useEffect } from 'react';
import { Route, Switch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { db } from '../db/appDb';
import { rememberSelectedVillage, useSelectedVillageId, useVillages } from '../db/queries';
import { HouseholdListScreen } from '../features/households/HouseholdListScreen';
import { VillageDataProvider } from '../db/villageData';
import { AppHeader } from './AppHeader';
import { BottomNav } from './BottomNav';
import { UpdatePrompt } from './UpdatePrompt';
import { VillageReadProblem } from './VillageReadProblem';
import type { Village } from '../shared/types';

const HouseholdScreen = lazy(() => import('../features/households/HouseholdScreen'));
const FollowUpScreen = lazy(() => import('../features/followup/FollowUpScreen'));
const DashboardScreen = lazy(() => import('../features/dashboard/DashboardScreen'));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen'));
const VillageSetupScreen = lazy(() => import('../features/villages/VillageSetupScreen'));
const LoginScreen = lazy(() => import('../features/auth/LoginScreen'));
const ConflictsScreen = lazy(() => import('../features/conflicts/ConflictsScreen'));
const CommuneDashboardScreen = lazy(() => import('../features/commune/CommuneDashboardScreen'));
const CommuneVillageScreen = lazy(() => import('../features/commune/CommuneVillageScreen'));
const TargetsScreen = lazy(() => import('../features/targets/TargetsScreen'));
const AdminScreen = lazy(() => import('../features/admin/AdminScreen'));
const PersonDataScreen = lazy(() => import('../features/admin/PersonDataScreen'));

export function App() {
  const { t } = useTranslation();
  const villages = useVillages(db);
  const selectedVillageId = useSelectedVillageId(db);
  // So that the next start can read this village's data before it has read which village is chosen.
  useEffect(() => {
    if (selectedVillageId !== undefined) rememberSelectedVillage(selectedVillageId);
  }, [selectedVillageId]);
  // Both undefined only during the first read of IndexedDB (a few ms); render nothing rather than flash.
  if (villages === undefined || selectedVillageId === undefined) return null;
  const village = villages.find((v) => v.id === selectedVillageId);
  const loading = <p className="loading">{t('common.loading')}</p>;

  return (
    <div className="app">
      <AppHeader village={village} />
      <UpdatePrompt />
      <main className="main">
        <Suspense fallback={loading}>
          {/* Signing in and conflict review work before any village is chosen (a fresh phone). */}
          <Switch>
            <Route path="/login">{() => <LoginScreen />}</Route>
            <Route path="/conflicts">{() => <ConflictsScreen />}</Route>
            {/* The office sets up its first village here, before the phone has one. */}
            <Route path="/admin">{() => <AdminScreen />}</Route>
            <Route path="/admin/persons/:id">{(params) => <PersonDataScreen personId={params.id} />}</Route>
            <Route>{() => (!village ? <VillageSetupScreen /> : <VillageRoutes village={village} />)}</Route>
          </Switch>
        </Suspense>
      </main>
      {village && <BottomNav />}
    </div>
  );
}

/** The screens that work on the chosen village, sharing one live copy of its data. */
function VillageRoutes({ village }: { village: Village }) {
  return (
    <VillageDataProvider villageId={village.id}>
      <Switch>
        {/* A village opened from the commune dashboard has its own provider and says its own problem. */}
        <Route path="/commune/villages/*" />
        <Route>
          <VillageReadProblem />
        </Route>
      </Switch>
      <Switch>
        <Route path="/households/new">{() => <HouseholdScreen villageId={village.id} />}</Route>
        <Route path="/households/:id">{(params) => <HouseholdScreen villageId={village.id} householdId={params.id} />}</Route>
        <Route path="/follow-up">{() => <FollowUpScreen village={village} />}</Route>
        <Route path="/dashboard">{() => <DashboardScreen village={village} />}</Route>
        <Route path="/commune">{() => <CommuneDashboardScreen />}</Route>
        <Route path="/commune/villages/:id">{(params) => <CommuneVillageScreen villageId={params.id} view="dashboard" />}</Route>
        <Route path="/commune/villages/:id/follow-up">{(params) => <CommuneVillageScreen villageId={params.id} view="follow-up" />}</Route>
        <Route path="/targets">{() => <TargetsScreen />}</Route>
        <Route path="/settings">{() => <SettingsScreen />}</Route>
        <Route path="/villages">{() => <VillageSetupScreen />}</Route>
        <Route>{() => <HouseholdListScreen key={village.id} villageId={village.id} />}</Route>
      </Switch>
    </VillageDataProvider>
  );
}
