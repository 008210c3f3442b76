// The route table. Pages behind sign-in load lazily (their chunks are precached for offline use), so
// the first screen needs only the shell.
import { lazy, type Component, type JSX } from 'solid-js';
import { Route, Router } from '@solidjs/router';
import { Frame } from './components/frame.tsx';
import { SignedIn, SignedOut } from './components/guards.tsx';
import { HomePage } from './pages/home.tsx';
import { LoginPage } from './pages/login.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SetupPage } from './pages/setup.tsx';

const OrdersPage = lazy(() => import('./pages/orders.tsx').then((m) => ({ default: m.OrdersPage })));
const NewOrderPage = lazy(() => import('./pages/order-form.tsx').then((m) => ({ default: m.NewOrderPage })));
const EditOrderPage = lazy(() => import('./pages/order-form.tsx').then((m) => ({ default: m.EditOrderPage })));
const AttributesPage = lazy(() => import('./pages/attributes.tsx').then((m) => ({ default: m.AttributesPage })));
const NewAttributePage = lazy(() => import('./pages/attribute-form.tsx').then((m) => ({ default: m.NewAttributePage })));
const EditAttributePage = lazy(() => import('./pages/attribute-form.tsx').then((m) => ({ default: m.EditAttributePage })));
const OrderPage = lazy(() => import('./pages/order.tsx').then((m) => ({ default: m.OrderPage })));
const NewRecordPage = lazy(() => import('./pages/record-form.tsx').then((m) => ({ default: m.NewRecordPage })));
const EditRecordPage = lazy(() => import('./pages/record-form.tsx').then((m) => ({ default: m.EditRecordPage })));
const UsersPage = lazy(() => import('./pages/users.tsx').then((m) => ({ default: m.UsersPage })));
const NewUserPage = lazy(() => import('./pages/user-new.tsx').then((m) => ({ default: m.NewUserPage })));
const EditUserPage = lazy(() => import('./pages/user-edit.tsx').then((m) => ({ default: m.EditUserPage })));
const StructurePage = lazy(() => import('./pages/structure.tsx').then((m) => ({ default: m.StructurePage })));
const MyOrderPage = lazy(() => import('./pages/my-order.tsx').then((m) => ({ default: m.MyOrderPage })));
const VerifyOrdersPage = lazy(() => import('./pages/verify-orders.tsx').then((m) => ({ default: m.VerifyOrdersPage })));
const VerifyQueuePage = lazy(() => import('./pages/verify-queue.tsx').then((m) => ({ default: m.VerifyQueuePage })));
const ReviewPage = lazy(() => import('./pages/review.tsx').then((m) => ({ default: m.ReviewPage })));
const HistoryPage = lazy(() => import('./pages/history.tsx').then((m) => ({ default: m.HistoryPage })));
const ProgressPage = lazy(() => import('./pages/progress.tsx').then((m) => ({ default: m.ProgressPage })));

const signedIn = (Page: Component): Component => () => <SignedIn>{<Page />}</SignedIn>;
const signedOut = (Page: Component): Component => () => <SignedOut>{<Page />}</SignedOut>;

export function App(): JSX.Element {
  return (
    <Router root={Frame}>
      <Route path="/" component={signedIn(HomePage)} />
      <Route path="/setup" component={signedOut(SetupPage)} />
      <Route path="/login" component={signedOut(LoginPage)} />
      <Route path="/zlecenia" component={signedIn(OrdersPage)} />
      <Route path="/zlecenia/nowe" component={signedIn(NewOrderPage)} />
      <Route path="/zlecenie/:orderId" component={signedIn(OrderPage)} />
      <Route path="/zlecenie/:orderId/edycja" component={signedIn(EditOrderPage)} />
      <Route path="/zlecenie/:orderId/rekord/nowy" component={signedIn(NewRecordPage)} />
      <Route path="/zlecenie/:orderId/rekord/:clientId" component={signedIn(EditRecordPage)} />
      <Route path="/zlecenie/:orderId/rekord/:clientId/historia" component={signedIn(HistoryPage)} />
      <Route path="/weryfikacja" component={signedIn(VerifyOrdersPage)} />
      <Route path="/zlecenie/:orderId/weryfikacja" component={signedIn(VerifyQueuePage)} />
      <Route path="/zlecenie/:orderId/weryfikacja/:clientId" component={signedIn(ReviewPage)} />
      <Route path="/uzytkownicy" component={signedIn(UsersPage)} />
      <Route path="/uzytkownicy/nowy" component={signedIn(NewUserPage)} />
      <Route path="/uzytkownik/:id" component={signedIn(EditUserPage)} />
      <Route path="/struktura" component={signedIn(StructurePage)} />
      <Route path="/moje-zlecenie" component={signedIn(MyOrderPage)} />
      <Route path="/postep" component={signedIn(ProgressPage)} />
      <Route path="/atrybuty" component={signedIn(AttributesPage)} />
      <Route path="/atrybuty/nowy" component={signedIn(NewAttributePage)} />
      <Route path="/atrybut/:id" component={signedIn(EditAttributePage)} />
      <Route path="*404" component={NotFoundPage} />
    </Router>
  );
}
