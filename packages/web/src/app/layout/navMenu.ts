import { createStore } from '../../lib/store';

/** Phones (narrow windows): whether the navigation, folded behind the top bar's Menu button, is open. */
export const navMenu = createStore(false);
