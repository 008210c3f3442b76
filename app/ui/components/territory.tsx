// An order's territory: voivodeship names (Polish whatever the UI language) and the typed county or city.
import { Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { voivodeshipList } from '../format.ts';
import { UserText } from './user-text.tsx';

/** "mazowieckie, łódzkie — powiat wołomiński"; no voivodeship means the whole country (in UI words). */
export function Territory(props: { voivodeships: readonly string[]; area: string; separator?: string }) {
  return (
    <>
      <Show when={props.voivodeships.length > 0} fallback={t().allVoivodeships}>
        <UserText>{voivodeshipList(props.voivodeships, '')}</UserText>
      </Show>
      <Show when={props.area}>
        {props.separator ?? ' — '}
        <UserText>{props.area}</UserText>
      </Show>
    </>
  );
}
