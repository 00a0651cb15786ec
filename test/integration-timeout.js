// Integration tests wait for real brokers, consumer-group joins and database outages.
jest.setTimeout(120000);
