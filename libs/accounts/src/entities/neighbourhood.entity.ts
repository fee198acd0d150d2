import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A quartier / sector of an annex: the census unit. */
@Entity()
export class Neighbourhood {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) annexId: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'text' }) nameAr: string;
  @Column({ type: 'text' }) nameFr: string;
}
