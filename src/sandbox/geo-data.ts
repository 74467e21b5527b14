/** A small built-in geolocation table (the real lists' fields are not established, reference §11). */
export const COUNTRIES = [
  { name: 'Canada', code: 'CA' }, { name: 'United States', code: 'US' }, { name: 'United Kingdom', code: 'GB' },
  { name: 'Germany', code: 'DE' }, { name: 'France', code: 'FR' }, { name: 'India', code: 'IN' },
  { name: 'Australia', code: 'AU' }, { name: 'Japan', code: 'JP' }, { name: 'Brazil', code: 'BR' }, { name: 'Mexico', code: 'MX' },
];

export const REGIONS = [
  { name: 'Quebec', code: 'QC', country: 'CA' }, { name: 'Ontario', code: 'ON', country: 'CA' }, { name: 'British Columbia', code: 'BC', country: 'CA' },
  { name: 'California', code: 'CA', country: 'US' }, { name: 'New York', code: 'NY', country: 'US' }, { name: 'Texas', code: 'TX', country: 'US' },
  { name: 'England', code: 'ENG', country: 'GB' }, { name: 'Bavaria', code: 'BY', country: 'DE' }, { name: 'Île-de-France', code: 'IDF', country: 'FR' },
  { name: 'Maharashtra', code: 'MH', country: 'IN' }, { name: 'New South Wales', code: 'NSW', country: 'AU' },
];

export const CITIES = [
  { name: 'Montreal', region: 'QC', country: 'CA' }, { name: 'Quebec City', region: 'QC', country: 'CA' }, { name: 'Toronto', region: 'ON', country: 'CA' },
  { name: 'Vancouver', region: 'BC', country: 'CA' }, { name: 'San Francisco', region: 'CA', country: 'US' }, { name: 'Los Angeles', region: 'CA', country: 'US' },
  { name: 'New York', region: 'NY', country: 'US' }, { name: 'Austin', region: 'TX', country: 'US' }, { name: 'London', region: 'ENG', country: 'GB' },
  { name: 'Munich', region: 'BY', country: 'DE' }, { name: 'Paris', region: 'IDF', country: 'FR' }, { name: 'Mumbai', region: 'MH', country: 'IN' },
  { name: 'Sydney', region: 'NSW', country: 'AU' },
];
