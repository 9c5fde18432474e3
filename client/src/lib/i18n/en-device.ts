import type { jaDevice } from './ja-device.ts';
import type { Texts } from './en.ts';

/** This device: the installed app, this device's notifications, offline. */
export const enDevice: Texts<typeof jaDevice> = {
  title: 'This device',
  lead: 'Check here that urgent and emergency calls at night and on holidays reach this device.',
  install: {
    title: 'Use it as an app',
    installed: 'On this device Tsunagu runs as an app from the home screen.',
    notInstalled: 'Tsunagu is open in a browser tab.',
    why: 'Add it to the home screen to open it at once, like an app (its screens are kept on this device, so it opens quickly even on a weak signal).',
    apple:
      'On an iPhone or iPad, tap Safari’s share button (a square with an arrow) → “Add to Home Screen”. An iPhone or iPad receives notifications only in Tsunagu added to the home screen.',
    others:
      'On Android use the browser’s menu (⋮) → “Add to Home screen” or “Install app”; on a computer, the install button in the address bar.',
    offer: 'Add to the home screen',
    accepted: 'Added. From now on, open Tsunagu from the home screen.',
  },
  permission: {
    title: 'Permission to notify',
    granted: 'This browser allows notifications from Tsunagu.',
    default:
      'Permission has not been asked for yet. Press “Receive notifications on this device” below and the browser will ask.',
    unsupported: 'This browser has no notifications.',
  },
  test: {
    title: 'Test notification',
    lead: 'Sends a notification to this device. If “つなぐ（テスト）” appears within seconds, calls at night will reach it too.',
    send: 'Send a test notification',
    sending: 'Sending…',
    sent: 'Test notification sent. If nothing appears, check the device’s do-not-disturb mode and the browser’s or app’s notification settings.',
    gone: 'This device’s registration no longer works. Register again with “Receive notifications on this device”.',
    failed: 'The push service could not be reached. Please try again later.',
    needsOn: 'A test notification can be sent once this device receives notifications.',
  },
  kept: {
    title: 'What this device keeps',
    lead: 'To show them offline, this device keeps only the phone numbers of the escalation chain (the offices’ numbers and the last number to call). It never keeps a person’s data or an on-call phone (often someone’s own mobile). Screens and drafts are gone when closed.',
    savedAt: 'Saved {{time}}',
    empty: 'The escalation chain has no phone numbers. Ask a system administrator to check its settings.',
    none: 'Nothing saved yet. It is saved automatically while you are signed in.',
    defaultChain: 'Default chain',
  },
  offline: {
    title: 'You are offline',
    lead: 'There is no internet connection. New calls do not arrive and nothing can be recorded or sent. Tsunagu carries on by itself once connected.',
    phonesTitle: 'Phone numbers for an emergency',
    phonesLead: 'The escalation chain’s numbers kept on this device.',
    retry: 'Try to connect again',
  },
  onCallWarning: {
    title: 'This device will not receive on-call notifications',
    next: 'Your next shift starts {{time}}.',
    current: 'You are on call now (until {{time}}).',
    why: {
      unsupported:
        'This browser cannot receive notifications (on an iPhone or iPad, set them up in Tsunagu added to the home screen).',
      denied: 'Notifications from Tsunagu are blocked in this browser.',
      unavailable:
        'This installation sends no push notifications. Watch your e-mail and the screen for calls.',
      off: 'This device has not been set up to receive notifications yet.',
    },
    lead: 'Before your shift starts, turn on “Receive notifications on this device” in the notification settings and check that a test notification arrives.',
    leadNow:
      'Turn on “Receive notifications on this device” in the notification settings now, and check that a test notification arrives.',
    link: 'Check the notification settings',
  },
};
