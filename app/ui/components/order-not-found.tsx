// "Nie znaleziono zlecenia": the page an unknown (or no longer visible) order id shows, with the way back.
import { A } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { PageHeading } from './page-heading.tsx';

export function OrderNotFound() {
  return (
    <>
      <PageHeading title={t().orderNotFound} />
      <p>{t().orderNotFoundText}</p>
      <p>
        <A href="/zlecenia">{t().backToOrders}</A>
      </p>
    </>
  );
}
