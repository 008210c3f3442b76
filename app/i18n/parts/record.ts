// UI texts of one area, spread into pl.ts and en.ts (each area in its own file so work on areas does not collide).
// This area: the operator's side of verification (record form, lists), comments, duplicates, history.
import { COMMENT_MAX_LENGTH } from '../../../schemas/entities/comment.ts';
import { countOf } from '../plural.ts';

const comments = (n: number) => countOf('pl', n, { one: 'nowy komentarz', few: 'nowe komentarze', many: 'nowych komentarzy', other: 'nowego komentarza' });
const rejectedRecords = (n: number) => countOf('pl', n, { one: 'rekord', few: 'rekordy', many: 'rekordów', other: 'rekordu' });

export const pl = {
  // Record form: the verifier's verdict
  recRejectedLead: 'Weryfikator odrzucił ten rekord:',
  recCorrectedText: 'Poprawiony rekord czeka na ponowną weryfikację. Możesz jeszcze odpowiedzieć na uwagi poniżej.',
  recCorrectedDone: 'Czeka na ponowną weryfikację.',
  recNotesIntro: 'Pola z uwagami weryfikatora:',
  recNotePrefix: 'Uwaga weryfikatora:',
  recSavedCorrected: 'Zapisano rekord. Wrócił do weryfikacji jako poprawiony',
  recVerificationIs: 'Weryfikacja:',
  recApprovedText: 'Weryfikator zatwierdził ten rekord.',
  recHistoryLink: 'Historia zmian',
  recUnnamed: 'rekord bez nazwy',
  recFieldUnknown: 'pole usunięte ze zlecenia',

  // Duplicates while typing, and the server's flag
  dupNipLead: 'Ten NIP ma już rekord',
  dupRegonLead: 'Ten REGON ma już rekord',
  dupNipAnnounce: (name: string) => `Ten NIP ma już rekord ${name}`,
  dupRegonAnnounce: (name: string) => `Ten REGON ma już rekord ${name}`,
  dupNotBlocking: 'Możesz zapisać rekord – o duplikatach decyduje weryfikator.',
  dupServerLead: 'Serwer oznaczył ten rekord jako możliwy duplikat (ten sam NIP lub REGON) rekordu',
  dupServerForeign:
    'Serwer oznaczył ten rekord jako możliwy duplikat: ten sam NIP lub REGON ma rekord innego operatora w tym zleceniu. O duplikatach decyduje weryfikator.',

  // Lists
  unreadComments: (n: number) => comments(n),

  // Comments
  commentsTitle: 'Komentarze',
  commentsNone: 'Nikt jeszcze nie skomentował tego rekordu.',
  commentYou: 'Ty',
  commentVerifier: 'Weryfikator',
  commentOther: 'Inny użytkownik',
  commentLabel: 'Nowy komentarz',
  commentHint: `Najwyżej ${COMMENT_MAX_LENGTH} znaków. Komentarza nie można później zmienić ani usunąć – poprawkę dopisz jako nowy komentarz.`,
  commentAdd: 'Dodaj komentarz',
  commentEmpty: 'Wpisz treść komentarza',
  commentTooLong: (length: number) => `Komentarz może mieć najwyżej ${COMMENT_MAX_LENGTH} znaków (teraz ma ${length}) – skróć go`,
  commentAdded: 'Dodano komentarz',
  commentOrderClosed: 'Zlecenie jest zamknięte – nie można już dodawać komentarzy.',
  commentClosedForYou: 'Zlecenie zostało dla Ciebie zamknięte – nie możesz już dodawać komentarzy.',
  commentNoRight: 'Możesz czytać komentarze do tego rekordu, ale nie możesz ich dodawać.',
  commentArrived: (name: string, author: string) => `Nowy komentarz do rekordu ${name}: ${author}`,
  commentsArrived: (n: number) => `Masz ${comments(n)}`,

  // Arrivals of verdicts
  rejectionArrived: (name: string, reason: string) => `Rekord ${name} odrzucony: ${reason}`,
  rejectionsArrived: (n: number) => `Weryfikator odrzucił ${rejectedRecords(n)} – zobacz listę „Tylko odrzucone”`,

  // History
  historyTitle: (name: string) => `Historia zmian: ${name}`,
  historyCaption: 'Zmiany rekordu, od najstarszej',
  historyColWhen: 'Kiedy',
  historyColWho: 'Kto',
  historyColField: 'Pole',
  historyColFrom: 'Poprzednia wartość',
  historyColTo: 'Nowa wartość',
  historyColKind: 'Rodzaj',
  historyColAction: 'Działanie',
  historyKindChange: 'zmiana',
  historyKindLost: 'wartość, która przegrała konflikt',
  historyKindRestore: 'przywrócenie',
  historyEmpty: 'Ten rekord nie ma jeszcze zapisanych zmian.',
  historyEmptyValue: '(puste)',
  historyYes: 'tak',
  historyNo: 'nie',
  historyDeleted: 'Usunięcie rekordu',
  historyVerification: 'Weryfikacja',
  historyDuplicate: 'Możliwy duplikat rekordu',
  historyOtherRecord: 'rekord spoza Twojego zakresu',
  historyUnknownUser: 'Konto usunięte',
  historyOffline: 'Historia jest dostępna tylko online. Połącz się z internetem i spróbuj ponownie – rekord na tym urządzeniu jest bezpieczny.',
  historyFailed: 'Nie udało się wczytać historii. Spróbuj ponownie za chwilę – rekord na tym urządzeniu jest bezpieczny.',
  historyNotFound: 'Nie ma takiego rekordu albo nie masz dostępu do jego historii.',
  historyRetry: 'Spróbuj ponownie',
  historyBack: 'Wróć do rekordu',
  historyRestore: (value: string) => `Przywróć „${value}”`,
  historyRestoreTitle: 'Przywrócić wcześniejszą wartość?',
  historyRestoreText: (field: string, value: string) =>
    `Pole „${field}” dostanie wartość „${value}”. Przywrócenie zapisze się w historii jako nowa zmiana i trafi na wszystkie urządzenia.`,
  historyRestoreConfirm: 'Przywróć',
  historyRestored: (field: string) => `Przywrócono wartość pola „${field}”`,
};

const commentsEn = (n: number) => countOf('en', n, { one: 'new comment', other: 'new comments' });
const rejectedEn = (n: number) => countOf('en', n, { one: 'record', other: 'records' });

/** Same keys as `pl`, checked through the Dictionary type. */
export const en: { [K in keyof typeof pl]: (typeof pl)[K] extends (...a: infer A) => string ? (...a: A) => string : string } = {
  recRejectedLead: 'The verifier rejected this record:',
  recCorrectedText: 'The corrected record is waiting to be verified again. You can still answer the notes below.',
  recCorrectedDone: 'It is waiting to be verified again.',
  recNotesIntro: 'Fields with the verifier’s notes:',
  recNotePrefix: 'Verifier’s note:',
  recSavedCorrected: 'Record saved. It went back to verification as corrected',
  recVerificationIs: 'Verification:',
  recApprovedText: 'The verifier approved this record.',
  recHistoryLink: 'Change history',
  recUnnamed: 'unnamed record',
  recFieldUnknown: 'field removed from the order',

  dupNipLead: 'This NIP is already used by the record',
  dupRegonLead: 'This REGON is already used by the record',
  dupNipAnnounce: (name) => `This NIP is already used by the record ${name}`,
  dupRegonAnnounce: (name) => `This REGON is already used by the record ${name}`,
  dupNotBlocking: 'You can still save the record – the verifier decides about duplicates.',
  dupServerLead: 'The server flagged this record as a possible duplicate (same NIP or REGON) of the record',
  dupServerForeign:
    'The server flagged this record as a possible duplicate: another operator’s record in this order has the same NIP or REGON. The verifier decides about duplicates.',

  unreadComments: (n) => commentsEn(n),

  commentsTitle: 'Comments',
  commentsNone: 'No one has commented on this record yet.',
  commentYou: 'You',
  commentVerifier: 'Verifier',
  commentOther: 'Another user',
  commentLabel: 'New comment',
  commentHint: `At most ${COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters. A comment cannot be changed or deleted later – add a correction as a new comment.`,
  commentAdd: 'Add comment',
  commentEmpty: 'Enter the comment',
  commentTooLong: (length) =>
    `A comment must be ${COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer (it has ${length.toLocaleString('en-GB')}) – shorten it`,
  commentAdded: 'Comment added',
  commentOrderClosed: 'The order is closed – comments can no longer be added.',
  commentClosedForYou: 'The order has been closed for you – you can no longer add comments.',
  commentNoRight: 'You can read the comments on this record but not add any.',
  commentArrived: (name, author) => `New comment on record ${name}: ${author}`,
  commentsArrived: (n) => `You have ${commentsEn(n)}`,

  rejectionArrived: (name, reason) => `Record ${name} rejected: ${reason}`,
  rejectionsArrived: (n) => `The verifier rejected ${rejectedEn(n)} – see the “Rejected only” list`,

  historyTitle: (name) => `Change history: ${name}`,
  historyCaption: 'Changes to the record, oldest first',
  historyColWhen: 'When',
  historyColWho: 'Who',
  historyColField: 'Field',
  historyColFrom: 'Previous value',
  historyColTo: 'New value',
  historyColKind: 'Kind',
  historyColAction: 'Action',
  historyKindChange: 'change',
  historyKindLost: 'value that lost a conflict',
  historyKindRestore: 'restore',
  historyEmpty: 'No changes of this record have been recorded yet.',
  historyEmptyValue: '(empty)',
  historyYes: 'yes',
  historyNo: 'no',
  historyDeleted: 'Record deleted',
  historyVerification: 'Verification',
  historyDuplicate: 'Possible duplicate of the record',
  historyOtherRecord: 'a record outside your scope',
  historyUnknownUser: 'Deleted account',
  historyOffline: 'The history is available online only. Connect to the internet and try again – the record on this device is safe.',
  historyFailed: 'The history could not be loaded. Try again in a moment – the record on this device is safe.',
  historyNotFound: 'There is no such record or you have no access to its history.',
  historyRetry: 'Try again',
  historyBack: 'Back to the record',
  historyRestore: (value) => `Restore “${value}”`,
  historyRestoreTitle: 'Restore an earlier value?',
  historyRestoreText: (field, value) =>
    `The field “${field}” will get the value “${value}”. The restore is recorded in the history as a new change and reaches every device.`,
  historyRestoreConfirm: 'Restore',
  historyRestored: (field) => `Restored the value of the field “${field}”`,
};
