// The site's navigation, in plain JavaScript so that scripts/check-site.mjs can read it
// without a TypeScript loader. config.ts imports it.

/** @type {{ text: string, items: { text: string, link: string }[] }[]} */
export const sidebar = [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Command line', link: '/guide/cli' },
      { text: 'Scenarios', link: '/guide/scenarios' },
      { text: 'Kernel variants', link: '/guide/variants' },
      { text: 'Variants in kernel C', link: '/guide/c-variants' },
    ],
  },
  {
    text: 'Concepts',
    items: [
      { text: 'The IR', link: '/concepts/ir' },
      { text: 'Memory models', link: '/concepts/memory-models' },
      { text: 'The tmigr hierarchy', link: '/concepts/hierarchy' },
    ],
  },
  {
    text: 'Gallery',
    items: [
      { text: 'The seed race', link: '/gallery/seed' },
      { text: 'A candidate lost timer', link: '/gallery/idle-handover' },
    ],
  },
  {
    text: 'Reference',
    items: [
      { text: 'Library API', link: '/reference/api' },
      { text: 'The C subset', link: '/reference/c-subset' },
    ],
  },
  {
    text: 'Try it',
    items: [{ text: 'Playground', link: '/playground' }],
  },
];

/** Top navigation bar. */
export const nav = [
  { text: 'Guide', link: '/guide/getting-started' },
  { text: 'Concepts', link: '/concepts/ir' },
  { text: 'Gallery', link: '/gallery/seed' },
  { text: 'API', link: '/reference/api' },
  { text: 'Playground', link: '/playground' },
];

/** Every page of the site (sidebar pages plus the home page), as site paths. */
export function allPages() {
  return ['/', ...sidebar.flatMap((group) => group.items.map((item) => item.link))];
}
