// Any unknown path: says so and offers the way back.
import { A } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { PageHeading } from '../components/page-heading.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title={t().notFoundTitle} />
      <p>{t().notFoundText}</p>
      <p>
        <A href="/zlecenia">{t().backToOrders}</A>
      </p>
    </>
  );
}
