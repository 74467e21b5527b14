/**
 * Device type and operating system from a user-agent string, as the Edge API's DEVICE_TYPE and
 * OPERATING_SYSTEM presets see them. Values are upper-case like the DEVICE_TYPE enum (MOBILE, TABLET,
 * DESKTOP); the API's own casing of OS values is not established, and rules compare case-insensitively.
 * A user agent that is not a browser's (bots, scripts) has neither.
 */
export interface Device {
  deviceType?: 'MOBILE' | 'TABLET' | 'DESKTOP';
  operatingSystem?: string;
}

const OS: ReadonlyArray<[RegExp, string]> = [
  [/iPhone|iPad|iPod/i, 'IOS'],
  [/Android/i, 'ANDROID'],
  [/CrOS/i, 'CHROMEOS'],
  [/Windows NT|Windows Phone/i, 'WINDOWS'],
  [/Mac OS X|Macintosh/i, 'MACOS'],
  [/Linux|X11/i, 'LINUX'],
];

export function deviceOf(userAgent: string | undefined): Device {
  if (!userAgent || /bot|crawl|spider|curl|wget|python|node|undici/i.test(userAgent)) return {};
  const operatingSystem = OS.find(([re]) => re.test(userAgent))?.[1];
  let deviceType: Device['deviceType'];
  if (/iPad|Tablet/i.test(userAgent) || (/Android/i.test(userAgent) && !/Mobile/i.test(userAgent))) deviceType = 'TABLET';
  else if (/Mobi|iPhone|iPod|Windows Phone/i.test(userAgent)) deviceType = 'MOBILE';
  else if (operatingSystem) deviceType = 'DESKTOP';
  return { deviceType, operatingSystem };
}
