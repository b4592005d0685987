import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { IconName } from './components/Icon.js';

export interface PageDef {
  /** Hash route: `#/network` is `/network`. */
  path: string;
  /** Name in the navigation and the header. */
  title: string;
  icon: IconName;
  section: 'Network' | 'Modules' | 'Administration';
  adminOnly?: boolean;
  /** The issue that builds the module, while the page is a placeholder. */
  comingWithIssue?: number;
  component: LazyExoticComponent<ComponentType>;
}

/**
 * Every page of the dashboard, one file each under pages/. A module's issue replaces its
 * placeholder file and drops `comingWithIssue` here.
 */
export const PAGES: readonly PageDef[] = [
  { path: '/', title: 'Overview', icon: 'overview', section: 'Network', component: lazy(() => import('./pages/Overview.js')) },
  {
    path: '/network',
    title: 'Network',
    icon: 'network',
    section: 'Network',
    component: lazy(() => import('./pages/Network.js')),
  },
  {
    path: '/footprint',
    title: 'Footprint',
    icon: 'footprint',
    section: 'Modules',
    component: lazy(() => import('./pages/Footprint.js')),
  },
  {
    path: '/packaging',
    title: 'Packaging',
    icon: 'packaging',
    section: 'Modules',
    component: lazy(() => import('./pages/Packaging.js')),
  },
  {
    path: '/waybills',
    title: 'Waybills',
    icon: 'waybills',
    section: 'Modules',
    component: lazy(() => import('./pages/Waybills.js')),
  },
  {
    path: '/transport',
    title: 'Routes',
    icon: 'transport',
    section: 'Modules',
    component: lazy(() => import('./pages/Transport.js')),
  },
  {
    path: '/reusables',
    title: 'Reusables',
    icon: 'reusables',
    section: 'Modules',
    component: lazy(() => import('./pages/Reusables.js')),
  },
  {
    path: '/recycling',
    title: 'Recycling',
    icon: 'recycling',
    section: 'Modules',
    component: lazy(() => import('./pages/Recycling.js')),
  },
  {
    path: '/solar',
    title: 'Solar',
    icon: 'solar',
    section: 'Modules',
    component: lazy(() => import('./pages/Solar.js')),
  },
  {
    path: '/targets',
    title: 'Targets',
    icon: 'targets',
    section: 'Modules',
    comingWithIssue: 10,
    component: lazy(() => import('./pages/Targets.js')),
  },
  {
    path: '/keys',
    title: 'API keys',
    icon: 'keys',
    section: 'Administration',
    adminOnly: true,
    component: lazy(() => import('./pages/Keys.js')),
  },
];

export const findPage = (path: string): PageDef | undefined => PAGES.find((p) => p.path === path);
