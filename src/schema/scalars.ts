import { DateTimeResolver } from 'graphql-scalars';
import { builder } from './builder.js';

// Vendor timestamps are read into Dates in each vendor's wire layer; this prints them in UTC with milliseconds.
builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'RFC 3339 date-time in UTC with milliseconds, e.g. 2025-09-23T15:13:36.348Z.',
});
