import { telUri } from '@tsunagu/contract/normalise';

/**
 * A phone or FAX number, shown as stored, as a link that dials it: the one place the client makes
 * a tel: link, so every number dials its digits (and + or #) whatever way it was typed
 * (「０９０－１２３４－５６７８」 dials 09012345678). `label` is read out before the number
 * (「佐藤 あおいさんに電話」), for a link whose purpose the number alone does not say.
 */
export function PhoneLink({
  number,
  className,
  label,
}: {
  number: string;
  className?: string;
  label?: string;
}) {
  return (
    <a href={telUri(number)} className={className}>
      {label ? <span className="visually-hidden">{label} </span> : null}
      {number}
    </a>
  );
}
