import { databaseOf, withLogin } from './open-service-database';
import { serviceRoles } from './roles';

describe('serviceRoles', () => {
  it('names an owner and an application role per database and schema', () => {
    expect(serviceRoles('careflow', 'case_management')).toEqual({
      owner: 'cf_careflow_case_management_owner',
      app: 'cf_careflow_case_management_app',
    });
    expect(serviceRoles('careflow', 'eligibility', 'prod')).toEqual({
      owner: 'prod_eligibility_owner',
      app: 'prod_eligibility_app',
    });
  });

  it('keeps distinct databases distinct when their names are long or not identifiers', () => {
    const long = 'x'.repeat(60);
    const a = serviceRoles(`${long}a`, 'authorization_routing');
    const b = serviceRoles(`${long}b`, 'authorization_routing');
    expect(a.owner).not.toBe(b.owner);
    expect(a.owner.length).toBeLessThanOrEqual(63);
    expect(serviceRoles('care-flow', 'eligibility').owner).not.toBe(
      serviceRoles('care_flow', 'eligibility').owner,
    );
  });

  it('refuses a schema that is not a plain identifier', () => {
    expect(() => serviceRoles('careflow', 'x"; DROP')).toThrow(/invalid schema/);
  });
});

describe('role URLs', () => {
  it('swap the login and keep the server, database and parameters', () => {
    const url = 'postgres://postgres:secret@db.internal:5433/careflow?sslmode=require';
    expect(databaseOf(url)).toBe('careflow');
    expect(withLogin(url, 'cf_careflow_eligibility_app', 'p@ss/word')).toBe(
      'postgres://cf_careflow_eligibility_app:p%40ss%2Fword@db.internal:5433/careflow?sslmode=require',
    );
    expect(withLogin(url, 'owner', undefined)).toBe(
      'postgres://owner@db.internal:5433/careflow?sslmode=require',
    );
  });
});
