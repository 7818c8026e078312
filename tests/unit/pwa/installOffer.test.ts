// The install offer: Chrome's one early `beforeinstallprompt` is kept (not shown as its own infobar)
// until the settings screen's button uses it, once.
import { describe, expect, it, vi } from 'vitest';
import { canOfferInstall, listenForInstallOffer, offerInstall, onInstallOfferChange } from '../../../src/pwa/installOffer';

function installEvent(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  return Object.assign(event, { prompt: vi.fn(async () => undefined), userChoice: Promise.resolve({ outcome }) });
}

describe('install offer', () => {
  it('keeps the browser\'s offer, tells listeners, and shows it once when asked', async () => {
    const target = new EventTarget() as unknown as Window;
    listenForInstallOffer(target);
    const changes = vi.fn();
    const stop = onInstallOfferChange(changes);
    expect(canOfferInstall()).toBe(false);
    expect(await offerInstall()).toBe(false);

    const event = installEvent('accepted');
    target.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(canOfferInstall()).toBe(true);
    expect(changes).toHaveBeenCalledTimes(1);

    expect(await offerInstall()).toBe(true);
    expect(event.prompt).toHaveBeenCalledTimes(1);
    expect(canOfferInstall()).toBe(false);

    // Dismissed this time; then installed from the browser's own menu: the offer goes.
    target.dispatchEvent(installEvent('dismissed'));
    expect(await offerInstall()).toBe(false);
    target.dispatchEvent(installEvent('accepted'));
    target.dispatchEvent(new Event('appinstalled'));
    expect(canOfferInstall()).toBe(false);
    stop();
  });
});
