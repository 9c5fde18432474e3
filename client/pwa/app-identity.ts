import { createRequire } from 'node:module';

/**
 * What tsunagu looks like as an installed app (the web app manifest, the icons, the browser's
 * bar): names in Japanese first, and the colours of the Digital Agency's design tokens, read from
 * the tokens package itself so the app's colour follows the tokens the screens use.
 */
interface Token {
  $value: string;
}
interface Tokens {
  Color: { Primitive: { Blue: Record<string, Token> }; Neutral: { White: Token } };
}
const tokens = createRequire(import.meta.url)('@digital-go-jp/design-tokens') as Tokens;

const token = (t: Token | undefined, name: string): string => {
  if (!t) throw new Error(`design token ${name} is missing`);
  return t.$value;
};

/** --color-primary in the screens (base.css): the app's colour. */
export const THEME_COLOR = token(tokens.Color.Primitive.Blue['900'], 'Color.Primitive.Blue.900');
export const BACKGROUND_COLOR = token(tokens.Color.Neutral.White, 'Color.Neutral.White');

/** The icons in client/public/icons (scripts/generate-app-icons.ts draws them). */
export const APP_ICONS = [
  { file: 'icon-192.png', size: 192, purpose: 'any' },
  { file: 'icon-512.png', size: 512, purpose: 'any' },
  { file: 'icon-maskable-192.png', size: 192, purpose: 'maskable' },
  { file: 'icon-maskable-512.png', size: 512, purpose: 'maskable' },
  // iPhone and iPad take this one for the home screen (they round the corners themselves).
  { file: 'apple-touch-icon.png', size: 180, purpose: 'apple' },
] as const;
export type AppIcon = (typeof APP_ICONS)[number];

/**
 * The icon as SVG: the favicon's two linked rings (つなぐ: to link) in white on the app's colour.
 * A maskable or Apple icon fills the square (the platform cuts its own shape, keeping the middle
 * 80 %, where the rings are); the plain one has its own rounded corners.
 */
export function appIconSvg(icon: AppIcon): string {
  const corner = icon.purpose === 'any' ? 6 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${icon.size}" height="${icon.size}"><rect width="32" height="32" rx="${corner}" fill="${THEME_COLOR}"/><path d="M9 16a4 4 0 1 1 8 0 4 4 0 1 1-8 0m6 0a4 4 0 1 1 8 0 4 4 0 1 1-8 0" fill="none" stroke="${BACKGROUND_COLOR}" stroke-width="2.2"/></svg>`;
}

/** The web app manifest: installs as つなぐ, opens on the home page in its own window. */
export function webAppManifest(): Record<string, unknown> {
  return {
    id: '/',
    name: 'つなぐ — にも包括の情報連携',
    short_name: 'つなぐ',
    description:
      '精神障害にも対応した地域包括ケアシステムの情報連携。夜間・休日の緊急連絡もこの端末に届きます。',
    lang: 'ja',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: APP_ICONS.filter((i) => i.purpose !== 'apple').map((i) => ({
      src: `/icons/${i.file}`,
      sizes: `${i.size}x${i.size}`,
      type: 'image/png',
      purpose: i.purpose,
    })),
  };
}
