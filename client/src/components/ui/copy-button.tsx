import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain http on a LAN has no clipboard API; the old way still works there.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** Copies a text and says so in a polite live region. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <Button
        small
        onClick={() => {
          void copyText(text).then(() => {
            setCopied(true);
            window.setTimeout(() => setCopied(false), 3000);
          });
        }}
      >
        {label ?? t('common.copy')}
      </Button>
      <span role="status" className="copy-status">
        {copied ? t('common.copied') : ''}
      </span>
    </>
  );
}

/** Saves a text as a file the user can keep (e.g. recovery codes). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
