import type { Contact } from '@tsunagu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { NoConsentNotice } from '../../../components/ui/no-consent-notice.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { useDeleteContact } from '../api/persons.ts';
import { ContactDialog } from './contact-dialog.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';

function ContactEntry({
  contact,
  canManage,
  onEdit,
  onDelete,
}: {
  contact: Contact;
  canManage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li className={contact.isExcluded ? 'contact contact--excluded' : 'contact'}>
      {contact.isExcluded ? (
        <p className="contact__excluded-label">
          <span aria-hidden="true">⚠ </span>
          {t('persons.contacts.excludedLabel')}
        </p>
      ) : null}
      <h4 className="contact__name">
        {contact.name}
        <span className="contact__relationship">
          {t('common.paren', { text: t(`enums.contactRelationship.${contact.relationship}`) })}
        </span>
      </h4>
      {contact.isExcluded ? (
        <div className="contact__warning">
          <p>
            <strong>{t('persons.contacts.excludedWarning')}</strong>
          </p>
          {contact.exclusionNote ? <p>{contact.exclusionNote}</p> : null}
        </div>
      ) : null}
      {contact.phone && !contact.isExcluded ? (
        <p>
          {t('persons.contacts.phone')}: <PhoneLink number={contact.phone} />
        </p>
      ) : contact.phone ? (
        // Someone the person asked never to be told: the number is shown, but not as a link one tap dials.
        <p>
          {t('persons.contacts.phone')}: {contact.phone}
        </p>
      ) : null}
      {contact.notes ? <p className="contact__notes">{contact.notes}</p> : null}
      {canManage ? (
        <div className="button-row">
          <Button small onClick={onEdit} aria-label={t('persons.contacts.editLabel', { name: contact.name })}>
            {t('common.edit')}
          </Button>
          <Button
            small
            variant="danger"
            onClick={onDelete}
            aria-label={t('persons.contacts.deleteLabel', { name: contact.name })}
          >
            {t('common.delete')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

/**
 * 家族・関係者. Those the person asked never to be told anything come first, in red, with the
 * reason; nobody should have to scroll to learn that.
 */
export function Contacts({
  personId,
  contacts,
  canManage,
}: {
  personId: string;
  contacts: readonly Contact[] | null;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const remove = useDeleteContact(personId);
  if (contacts === null)
    return (
      <div className="stack">
        <NoConsentNotice categoryLabel={t('enums.category.family_environment')} />
        <p>{t('persons.contacts.noConsentSafety')}</p>
      </div>
    );
  const ordered = [...contacts].sort((a, b) => Number(b.isExcluded) - Number(a.isExcluded));
  return (
    <div className="stack">
      {status ? <Notice tone="success">{status}</Notice> : null}
      {ordered.length ? (
        <ul className="contact-list">
          {ordered.map((c) => (
            <ContactEntry
              key={c.id}
              contact={c}
              canManage={canManage}
              onEdit={() => setEditing(c)}
              onDelete={() => setDeleting(c)}
            />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('persons.contacts.none')}</p>
      )}
      {canManage ? (
        <div>
          <Button small onClick={() => setEditing('new')}>
            {t('persons.contacts.add')}
          </Button>
        </div>
      ) : null}
      {editing ? (
        <ContactDialog
          personId={personId}
          contact={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setStatus(t('persons.contacts.saved'));
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('persons.contacts.deleteTitle')}
        message={t('persons.contacts.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        error={remove.error ? messageOf(remove.error) : null}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              setStatus(t('persons.contacts.deleted'));
            },
          })
        }
      />
    </div>
  );
}
