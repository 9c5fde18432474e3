import { Link } from 'react-router';

/** One card of a grid of screens: its name as the link, and a line on what it is for. */
export interface LinkCardItem {
  to: string;
  title: string;
  text?: string | undefined;
  /** Drawn in the emergency colour (緊急時の閲覧). */
  isEmergency?: boolean | undefined;
}

/** A grid of links to screens, each with a one-line explanation (ホーム's 使える機能, 設定). */
export function LinkCards({ items }: { items: readonly LinkCardItem[] }) {
  return (
    <ul className="link-cards">
      {items.map((item) => (
        <li key={item.to}>
          <Link to={item.to} className={item.isEmergency ? 'link-card link-card--emergency' : 'link-card'}>
            <span className="link-card__title">{item.title}</span>
            {item.text ? <span className="link-card__text">{item.text}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}
