export * from './x12/segment';
export * from './x12/interchange';
export * from './x12/acknowledgments';
export * from './x12/enrollment-mapping';
export * from './x12/member-loops';
export * from './x12/benefit-enrollment-834';
