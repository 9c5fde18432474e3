/**
 * A navigation label with how many things wait there: the number drawn as a badge, read out as
 * a sentence (countText) instead of "label 3".
 */
export function NavCountLabel({
  label,
  count,
  countText,
}: {
  label: string;
  count: number;
  countText: string;
}) {
  if (!count) return <>{label}</>;
  return (
    <>
      <span className="visually-hidden">{countText}</span>
      <span aria-hidden="true">
        {label} <span className="count-badge">{count}</span>
      </span>
    </>
  );
}
